#!/usr/bin/env node
'use strict';

/**
 * `npm run bench:pickers`: Create's Device picker on appliance-size device lists. The sandbox holds
 * N devices (its 3 seeded ones plus synthetic ones). Two measures per N, side by side in one run:
 *
 * - node ms: the built searchDevices in this process on the parsed list answer (fetched once,
 *   untimed, as n8n hands it over): the list's first page, a search that finds one device
 *   (`srv-000777`), a search that finds many (`lax`); median of RUNS, and the heap the search
 *   holds at its peak (heapUsed after the search less before it, the list answer itself excluded);
 * - editor ms: the same three, through the real n8n's endpoint the editor calls
 *   (POST /rest/dynamic-node-parameters/resource-locator-results), median of RUNS, the list request
 *   included; and the n8n process tree's peak RSS during them (VmHWM, reset before each N).
 *
 * Needs `npm run build` (done by the npm script) and the provisioned n8n (bench/harness.js).
 * Knobs: PICKER_SIZES (1000,10000,100000), PICKER_RUNS (3), BENCH_OUT (writes results-pickers.json).
 */

const path = require('node:path');

const env = require('../tooling/n8n-env');
const { SEGURA } = require('../tooling/workflows');
const config = require('./config');
const { createBench } = require('./harness');
const { resetPeaks, readPeaks } = require('./proc');
const { median, round, textTable } = require('./report');

const { searchDevices } = require(path.join(__dirname, '..', 'dist', 'nodes', 'Segura', 'actions', 'methods', 'listSearch.js'));

const SIZES = (process.env.PICKER_SIZES || '1000,10000,100000').split(',').map(Number);
const RUNS = Number(process.env.PICKER_RUNS) || 3;
const SEARCHES = [
	['first page', undefined],
	['one match', 'srv-000777'],
	['many matches', 'lax'],
];
const SEEDED_DEVICES = 3;

const bench = createBench();
const { say } = bench;

async function deviceListAnswer(sandbox) {
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret });
	const token = (await (await fetch(`${sandbox.baseUrl}/iso/oauth2/token`, { method: 'POST', body: form })).json()).access_token;
	return await (await fetch(`${sandbox.baseUrl}/iso/pam/device`, { headers: { authorization: `Bearer ${token}` } })).json();
}

/** searchDevices in this process, on a parsed answer: its time and the heap it adds at its peak. */
async function nodeSearch(answer, filter) {
	const context = {
		getNode: () => ({ id: 'bench', name: 'Create', type: SEGURA, typeVersion: 1.1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ baseUrl: 'https://segura.example.com', apiPaths: 'a2a', clientId: 'id', clientSecret: 'secret' }),
		getCurrentNodeParameter: () => undefined,
		getTimezone: () => 'UTC',
		helpers: { httpRequestWithAuthentication: async () => ({ statusCode: 200, headers: {}, body: answer }) },
	};
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	const started = performance.now();
	const result = await searchDevices.call(context, filter);
	const ms = performance.now() - started;
	const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 ** 2;
	return { ms, heapMb, results: result.results.length };
}

async function editorSearch(client, credential, filter) {
	const started = performance.now();
	const result = await client.post('/rest/dynamic-node-parameters/resource-locator-results', {
		nodeTypeAndVersion: { name: SEGURA, version: 1.1 },
		path: 'parameters.device',
		methodName: 'searchDevices',
		currentNodeParameters: { resource: 'remoteSession', operation: 'create' },
		credentials: { seguraOAuth2Api: { id: credential.id, name: credential.name } },
		...(filter !== undefined ? { filter } : {}),
	});
	return { ms: performance.now() - started, results: result.results.length };
}

async function measure(size, { sandbox, client, credential, pid }) {
	sandbox.setSyntheticDevices(size - SEEDED_DEVICES);
	const answer = await deviceListAnswer(sandbox);
	const rows = [];
	resetPeaks(pid);
	for (const [label, filter] of SEARCHES) {
		const node = [];
		const editor = [];
		for (let run = 0; run < RUNS; run++) {
			node.push(await nodeSearch(answer, filter));
			editor.push(await editorSearch(client, credential, filter));
		}
		if (node[0].results !== editor[0].results) throw new Error(`${size} × ${label}: node gave ${node[0].results} entries, the editor endpoint ${editor[0].results}`);
		rows.push({
			devices: size,
			search: label,
			entries: node[0].results,
			nodeMs: round(median(node.map((r) => r.ms)), 1),
			nodeHeapMb: round(Math.max(...node.map((r) => r.heapMb)), 1),
			editorMs: Math.round(median(editor.map((r) => r.ms))),
		});
	}
	const peakMb = Math.round(readPeaks(pid).treeMb);
	for (const row of rows) row.n8nPeakRssMb = peakMb;
	return rows;
}

async function main() {
	say(`n8n-nodes-segura pickers bench: Device search on ${SIZES.join(', ')} devices, ${RUNS} runs per cell`);
	const { runtime, node24 } = await bench.provision();
	const sandbox = await bench.sandbox({});
	const credential = { id: 'bench-pickers', name: 'Bench pickers' };
	const { server, client, installed, built } = await bench.startN8n(runtime, {
		credentials: [env.seguraCredential({ ...credential, sandbox })],
		workflows: [],
	});
	const rows = [];
	try {
		// Warm-up (token, JIT), not counted.
		await editorSearch(client, credential);
		for (const size of SIZES) rows.push(...(await bench.timed(`${size} devices`, () => measure(size, { sandbox, client, credential, pid: server.child.pid }))));
	} finally {
		await server.stop();
	}
	const titles = ['devices', 'search', 'entries', 'node ms', 'node heap MB', 'editor ms', 'n8n peak RSS MB'];
	const table = textTable(
		titles.map((title) => ({ title, width: Math.max(title.length, 12), left: title === 'search' })),
		rows.map((r) => [r.devices, r.search, r.entries, r.nodeMs, r.nodeHeapMb, r.editorMs, r.n8nPeakRssMb]),
	);
	say('');
	say(table);
	const meta = { sizes: SIZES, runsPerCell: RUNS, ...bench.describe({ runtime, node24, installed, built }) };
	say(`wrote ${bench.writeJson(config.OUT_DIR, 'results-pickers.json', { meta, rows, phasesMs: bench.phase, table })}`);
	return true;
}

if (require.main === module) bench.run(main);
