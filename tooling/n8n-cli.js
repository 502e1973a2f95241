'use strict';

/** The n8n CLI and server of one user folder, run with the provisioned Node 24. */

const fs = require('node:fs');
const path = require('node:path');

const { run, spawnTracked, stopChild, delay } = require('./processes');

/**
 * A fixed key, so that credentials imported by one n8n command can be read by the next, and a
 * persistent user folder keeps working across starts. These instances only ever hold sandbox
 * credentials; a real instance must have its own key.
 */
const ENCRYPTION_KEY = 'n8n-nodes-segura-local-only-key';

// --- n8n environment and CLI ----------------------------------------------------------------------

/**
 * Environment for every n8n process of one user folder. Inherited N8N_*, DB_*, GENERIC_TIMEZONE and
 * NODE_OPTIONS are dropped so that a developer's own n8n settings (another database, say) cannot
 * leak in; callers pass what they mean to set in `extra`.
 */
function n8nEnv(runtime, { userFolder, brokerPort, extra = {} }) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^(N8N_|DB_|GENERIC_TIMEZONE$|NODE_OPTIONS$)/.test(key)) env[key] = value;
	}
	return {
		...env,
		// n8n's task runner is a child of n8n started with the `node` on PATH: make that Node 24.
		PATH: `${path.dirname(runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_SQLITE_POOL_SIZE: '3',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// The sandbox reports start and end times in UTC (its default offset); the node reads them in
		// the workflow's time zone, so n8n must be in UTC too for "last 24 hours" to mean that.
		GENERIC_TIMEZONE: 'UTC',
		// Code nodes run in n8n's internal JavaScript task runner; its broker port must not clash with
		// another n8n on this machine (5679 by default).
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort ?? 5679),
		...extra,
	};
}

/**
 * One n8n user folder and the commands run against it. `execute` and the imports each start a
 * fresh n8n process (about 4.5 s each); the first command also runs the database migrations.
 */
class N8n {
	constructor(runtime, env) {
		this.runtime = runtime;
		this.env = env;
		this.userFolder = env.N8N_USER_FOLDER;
	}

	/** Runs `n8n <args>` to completion with Node 24; throws with the output on a non-zero exit. */
	async cli(args, { timeoutMs = 5 * 60_000 } = {}) {
		const result = await run(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env,
			timeoutMs,
		});
		if (result.code !== 0) {
			const error = new Error(`n8n ${args[0]} exited with ${result.code ?? result.signal}`);
			error.output = `${result.stdout}\n${result.stderr}`;
			throw error;
		}
		return result;
	}

	/** `n8n import:credentials`: n8n encrypts the plain `data` of each `{id, name, type, data}`. */
	async importCredentials(credentials) {
		await this.#importFrom('import:credentials', credentials);
	}

	/** `n8n import:workflow` of several workflows in one process (each needs an `id`). */
	async importWorkflows(workflows) {
		await this.#importFrom('import:workflow', workflows);
	}

	/** The import file holds plain secrets: it lives in the user folder only while n8n reads it. */
	async #importFrom(command, value) {
		const dir = path.join(this.userFolder, 'imports');
		fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
		const file = path.join(dir, `${command.replace(':', '-')}-${process.pid}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
		try {
			await this.cli([command, `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * `n8n execute --id <id> --rawOutput` and the run it printed (`{ data: { resultData } }`).
	 * n8n logs a few lines before the JSON; a failed run is logged as JSON too (with resultData.error),
	 * and is returned rather than thrown so the caller can tell which nodes ran.
	 */
	async execute(workflowId, { timeoutMs = 5 * 60_000 } = {}) {
		const result = await run(this.runtime.nodeBin, [this.runtime.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: this.userFolder,
			env: this.env,
			timeoutMs,
		});
		const execution = parseJsonAfterLogs(result.stdout);
		if (!execution) {
			const error = new Error(`n8n execute --id=${workflowId} printed no execution (exit ${result.code})`);
			error.output = `${result.stdout}\n${result.stderr}`;
			throw error;
		}
		return { execution, exitCode: result.code, output: `${result.stdout}\n${result.stderr}` };
	}

	/**
	 * `n8n start` in the background; resolves once /healthz/readiness and the REST API answer 200.
	 * Returns `{ url, child, stop(), output() }`.
	 */
	async startServer({ port, listenAddress = '127.0.0.1', extraEnv = {}, timeoutMs = 120_000, onOutput } = {}) {
		const env = { ...this.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: listenAddress, ...extraEnv };
		const child = spawnTracked(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		const collect = (chunk) => {
			output += chunk;
			if (onOutput) onOutput(chunk);
		};
		child.stdout.setEncoding('utf8').on('data', collect);
		child.stderr.setEncoding('utf8').on('data', collect);
		const host = listenAddress === '0.0.0.0' ? '127.0.0.1' : listenAddress;
		const url = `http://${host === '::' ? 'localhost' : host}:${port}`;
		const server = { url, child, stop: () => stopChild(child, 20_000), output: () => output };
		try {
			await waitForReady(`${url}/healthz/readiness`, child, timeoutMs);
			// n8n 1.x reports ready a few seconds before its REST routes answer.
			await waitForReady(`${url}/rest/settings`, child, timeoutMs);
		} catch (error) {
			await server.stop();
			error.output = output;
			throw error;
		}
		return server;
	}
}

/**
 * The JSON document n8n printed after its log lines: the first line that is exactly "{" starts it
 * (JSON.stringify(…, null, 2) puts the opening brace alone on a line; log lines never are just "{").
 */
function parseJsonAfterLogs(stdout) {
	const lines = stdout.split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i].trim() !== '{') continue;
		const candidate = lines.slice(i).join('\n');
		// Trailing log lines may follow the document: cut at the last closing brace that parses.
		for (let end = candidate.lastIndexOf('}'); end > 0; end = candidate.lastIndexOf('}', end - 1)) {
			try {
				return JSON.parse(candidate.slice(0, end + 1));
			} catch {
				// Try a shorter slice.
			}
		}
	}
	return undefined;
}

async function waitForReady(url, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n start exited early (${child.exitCode ?? child.signalCode})`);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await delay(250);
	}
	throw new Error(`n8n did not become ready at ${url} within ${timeoutMs / 1000} s`);
}

module.exports = { ENCRYPTION_KEY, n8nEnv, N8n, parseJsonAfterLogs };
