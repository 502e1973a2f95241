#!/usr/bin/env node
'use strict';

/**
 * `npm run bench:trigger`: the Segura Remote Session Trigger's own work per poll on appliance-size lists, and the
 * size of the memory it stores. The sandbox's list answer (N synthetic sessions) is fetched and
 * parsed once, untimed, as n8n hands it to the node; then the built trigger's poll() runs in this
 * process: the activation's baseline, a poll of the same list, a poll of an empty list (a glitch),
 * and the whole list again. Printed per N: node time per poll (median of 3 activations), list
 * requests per poll, the stored memory (bytes of JSON, sessions held) and the active sessions.
 *
 * Needs `npm run build`. Knob: TRIGGER_SIZES (10000,100000,300000).
 */

const path = require('node:path');

const { listAnswer } = require('./list-answer');
const { median, textTable } = require('./report');

const { SeguraRemoteSessionTrigger } = require(path.join(__dirname, '..', 'dist', 'nodes', 'Segura', 'SeguraRemoteSessionTrigger.node.js'));

const SIZES = (process.env.TRIGGER_SIZES || '10000,100000,300000').split(',').map(Number);
const RUNS = 3;
const POLLS = ['baseline', 'same list', 'empty list', 'whole again'];
let activations = 0;

/** One activation's poll context (n8n keeps one per activation); `answer()` is each poll's list. */
function activation(answer) {
	const memory = {};
	const counts = { requests: 0 };
	const workflow = { id: `bench-trigger-${++activations}`, name: 'bench', active: true };
	const node = { id: 'trigger', name: 'Segura Remote Session Trigger', type: 'n8n-nodes-segura.seguraRemoteSessionTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const parameters = { events: ['started', 'ended'], filters: {}, options: { timezone: 'UTC' } };
	const context = {
		getMode: () => 'trigger',
		getActivationMode: () => 'activate',
		getWorkflow: () => workflow,
		getNode: () => node,
		getTimezone: () => 'UTC',
		getPollBudgetMs: () => 5 * 60_000,
		getWorkflowStaticData: () => memory,
		logger: { warn: () => undefined },
		getCredentials: async () => ({ baseUrl: 'https://segura.example.com', apiPaths: 'a2a', clientId: 'id', clientSecret: 'secret' }),
		getNodeParameter: (name, fallback) => parameters[name] ?? fallback,
		helpers: {
			httpRequestWithAuthentication: async () => {
				counts.requests++;
				return { statusCode: 200, headers: {}, body: answer() };
			},
		},
	};
	return { context, memory, counts };
}

async function main() {
	const rows = [];
	for (const size of SIZES) {
		const whole = await listAnswer(size);
		const empty = { ...whole, remote_sessions: [] };
		const times = POLLS.map(() => []);
		let stored = {};
		let requests = 0;
		for (let run = 0; run < RUNS; run++) {
			let body = whole;
			const { context, memory, counts } = activation(() => body);
			for (const [index, poll] of POLLS.entries()) {
				body = poll === 'empty list' ? empty : whole;
				const started = process.hrtime.bigint();
				const output = await new SeguraRemoteSessionTrigger().poll.call(context);
				times[index].push(Number(process.hrtime.bigint() - started) / 1e6);
				if (output) throw new Error(`the ${poll} poll emitted ${output[0].length} items`);
			}
			stored = memory;
			requests = counts.requests / POLLS.length;
		}
		const active = whole.remote_sessions.filter((s) => !s.end).length;
		rows.push([size, ...times.map((t) => Math.round(median(t))), requests, JSON.stringify(stored).length, Object.keys(stored.sessions).length, active]);
	}
	const columns = ['sessions', ...POLLS.map((poll) => `${poll} ms`), 'list req/poll', 'memory bytes', 'held', 'active'].map((title) => ({ title, width: Math.max(title.length, 8) }));
	process.stdout.write(`${textTable(columns, rows)}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(2);
});
