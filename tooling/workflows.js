'use strict';

/**
 * What the e2e suite (e2e/) and the benchmarks (bench/) share besides the n8n harness
 * (tooling/n8n-env.js): building workflows for `n8n import:workflow`, printing output with every
 * secret redacted, and stopping cleanly on Ctrl-C.
 *
 *   const { workflowBuilder, link, workflow } = require('./workflows');
 *   const { node, segura, code, manualTrigger } = workflowBuilder('bench');
 */

const SEGURA = 'n8n-nodes-segura.seguraRemoteSession';

// --- workflows ------------------------------------------------------------------------------------

/**
 * Node factories whose ids are `<prefix>-node-<n>`, counted per builder (ids need only be unique
 * within a workflow; n8n keeps them on import).
 */
function workflowBuilder(prefix) {
	let count = 0;

	function node(name, type, typeVersion, parameters, extra = {}) {
		count += 1;
		return { id: `${prefix}-node-${count}`, name, type, typeVersion, position: [0, 0], parameters, ...extra };
	}

	/** The Segura node with a seguraOAuth2Api credential (`{ id, name }`). */
	function segura(name, credential, parameters, extra = {}) {
		return node(name, SEGURA, 1, parameters, {
			credentials: { seguraOAuth2Api: { id: credential.id, name: credential.name } },
			...extra,
		});
	}

	/** A Code node run once for all items: the only core node that emits several items by itself. */
	function code(name, jsCode) {
		return node(name, 'n8n-nodes-base.code', 2, { mode: 'runOnceForAllItems', jsCode });
	}

	/** A Code node that emits these objects as items. */
	function items(name, list) {
		return code(name, `return ${JSON.stringify(list)}.map((json) => ({ json }));`);
	}

	const manualTrigger = (name) => node(name, 'n8n-nodes-base.manualTrigger', 1, {});

	return { node, segura, code, items, manualTrigger };
}

/** Connects output `output` (default 0) of node `from` to the first input of node `to`. */
function link(connections, from, to, output = 0) {
	connections[from] ??= { main: [] };
	while (connections[from].main.length <= output) connections[from].main.push([]);
	connections[from].main[output].push({ node: to, type: 'main', index: 0 });
}

/** An inactive workflow with n8n's current execution order, ready for import. */
function workflow(id, name, nodes, connections) {
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** Nodes linked one after another (each node's output 0), left to right. */
function chain(nodes) {
	const connections = {};
	nodes.forEach((n, i) => {
		n.position = [i * 240, 0];
		if (i > 0) link(connections, nodes[i - 1].name, n.name);
	});
	return connections;
}

// --- output ---------------------------------------------------------------------------------------

/**
 * `say()` prints a line with every secret replaced: the values added to `secrets` (client secrets,
 * passwords), every token the watched sandboxes handed out (access tokens, session tokens), and the
 * value of any JSON "token", "access_token" or "clientSecret" key, and any session URL's `_sr=` value.
 */
function createOutput() {
	const secrets = new Set();
	const sandboxes = [];

	function redact(text) {
		let out = String(text);
		for (const sandbox of sandboxes) {
			for (const token of [...sandbox.issuedTokens(), ...sandbox.sessionTokens()]) secrets.add(token);
		}
		for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
		return out
			.replace(/("(?:token|access_token|clientSecret)"\s*:\s*)"[^"]*"/g, '$1"[redacted]"')
			.replace(/([?&]_sr=)[^&\s"']*/g, '$1[redacted]');
	}

	return {
		secrets,
		/** A sandbox whose client secret and issued tokens are to be redacted. */
		watch(sandbox) {
			sandboxes.push(sandbox);
			secrets.add(sandbox.clientSecret);
			return sandbox;
		},
		redact,
		say(line = '') {
			process.stdout.write(`${redact(line)}\n`);
		},
	};
}

// --- processes ------------------------------------------------------------------------------------

/** On SIGINT / SIGTERM: say so, run `cleanUp` (stop n8n, sandboxes, remove folders), exit 130. */
function stopOnSignals(say, what, cleanUp) {
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			say(`\n${signal}: stopping ${what}`);
			Promise.resolve()
				.then(cleanUp)
				.finally(() => process.exit(130));
		});
	}
}

/**
 * A Segura Create that reads user, device, protocol and credential from each item. With
 * `concurrency` undefined it holds no Concurrency option: the node's default applies.
 */
function createFromItems(segura, name, credential, concurrency) {
	return segura(name, credential, {
		operation: 'create',
		user: '={{ $json.user }}',
		device: '={{ $json.device }}',
		protocol: '={{ $json.protocol }}',
		credential: '={{ $json.credential }}',
		options: concurrency === undefined ? {} : { concurrency },
	});
}

module.exports = { SEGURA, workflowBuilder, link, workflow, chain, createFromItems, createOutput, stopOnSignals };
