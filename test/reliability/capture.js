'use strict';

/**
 * Captures everything n8n and the node could log while the secret canary runs: n8n-workflow's
 * LoggerProxy (WorkflowExecute's log lines), n8n-core's DI Logger (node contexts' `this.logger`,
 * the OAuth2 token refresh, the ErrorReporter that logs every node error with its cause chain),
 * the console, and raw stdout / stderr writes.
 *
 * A .js file because the n8n linter forbids `process`, `console` and Node built-ins other than
 * crypto in TypeScript sources.
 */

const path = require('node:path');
const util = require('node:util');
const { LoggerProxy } = require('n8n-workflow');

/** n8n-core ships its own copies of @n8n/di and @n8n/backend-common: use the ones it resolves. */
function requireAsCore(id) {
	const coreDir = path.dirname(require.resolve('n8n-core'));
	return require(require.resolve(id, { paths: [coreDir] }));
}

/** Everything about a value, as text: own properties, cause chains, stacks, nested objects. */
function dump(value) {
	if (typeof value === 'string') return value;
	return util.inspect(value, { depth: 12, breakLength: Infinity, maxArrayLength: 1000, maxStringLength: Infinity, showHidden: false, getters: true });
}

/**
 * Installs the capture. Returns the live array of captured lines and a `stop()` that restores the
 * console and stdout/stderr (the loggers stay captured: they are per test file).
 */
function startCapture() {
	/** @type {string[]} */
	const lines = [];
	const record = (source) => (...args) => {
		lines.push(`${source}: ${args.map(dump).join(' ')}`);
	};

	const logger = {
		error: record('logger.error'),
		warn: record('logger.warn'),
		info: record('logger.info'),
		debug: record('logger.debug'),
		scoped: () => logger,
	};
	LoggerProxy.init(logger);
	const { Container } = requireAsCore('@n8n/di');
	const { Logger } = requireAsCore('@n8n/backend-common');
	Container.set(Logger, logger);

	const restore = [];
	for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
		const original = console[level];
		console[level] = record(`console.${level}`);
		restore.push(() => {
			console[level] = original;
		});
	}
	for (const stream of [process.stdout, process.stderr]) {
		const original = stream.write;
		const name = stream === process.stdout ? 'stdout' : 'stderr';
		stream.write = function write(chunk, ...rest) {
			lines.push(`${name}: ${typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')}`);
			return original.call(this, chunk, ...rest);
		};
		restore.push(() => {
			stream.write = original;
		});
	}

	return {
		lines,
		stop() {
			while (restore.length) restore.pop()();
		},
	};
}

/** JSON.stringify that survives cycles (a cycle is written as "[cycle]"). */
function safeJson(value) {
	const seen = new WeakSet();
	try {
		return JSON.stringify(value, (_key, v) => {
			if (v && typeof v === 'object') {
				if (seen.has(v)) return '[cycle]';
				seen.add(v);
			}
			return v;
		});
	} catch (error) {
		return `[JSON.stringify failed: ${error && error.message}]`;
	}
}

module.exports = { startCapture, dump, safeJson };
