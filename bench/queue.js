#!/usr/bin/env node
'use strict';

/**
 * `node bench/queue.js [--n8n <version>] [--latency <ms>]`: the queue-mode burst of e2e/queue.js
 * (20 POSTs at once to a production webhook, each Webhook → 25 items → Segura Create) with one
 * `n8n worker`, then with two, in one run: the same Redis, Postgres (tooling/queue-services.js),
 * n8n main and sandbox (50 ms latency by default, as the e2e); workers restarted in between.
 *
 * Per worker count: one warm-up burst (not counted), then QUEUE_BENCH_RUNS (3) bursts; before the
 * first counted burst the stored token is expired at the sandbox, so "tokens/burst" shows what a
 * refresh costs across the workers (then 0: the stored token serves every execution).
 * items/s = 500 / wall time of the burst (first POST sent → last answer received), median.
 * Output: a table as bench/report.js prints them, bench/results-queue.json; exit 1 when a burst
 * broke a check (items, duplicates, creates), 2 when the bench itself failed.
 */

const os = require('node:os');

const versionFlag = process.argv.indexOf('--n8n');
if (versionFlag > 0) process.env.SEGURA_N8N_VERSION = process.argv[versionFlag + 1];
const latencyFlag = process.argv.indexOf('--latency');
const LATENCY_MS = latencyFlag > 0 ? Number(process.argv[latencyFlag + 1]) : 50;

const env = require('../tooling/n8n-env');
const { startQueueServices } = require('../tooling/queue-services');
const q = require('../tooling/queue-n8n');
const { createBench } = require('./harness');
const { median, round, textTable } = require('./report');

const REQUESTS = 20;
const ITEMS = 25;
const RUNS = Number(process.env.QUEUE_BENCH_RUNS) || 3;
const WORKER_COUNTS = [1, 2];

const bench = createBench();
const { say, timed } = bench;
const tally = q.createAnswerTally();
let services;
let workers = [];

/** One burst, checked; returns its row data. */
async function measuredBurst(baseUrl, sandbox) {
	const before = workers.map((w) => w.executions().length);
	const burst = await q.fireBurst({ baseUrl, sandbox, tally, requests: REQUESTS });
	const { problems, items } = q.burstProblems(burst, { items: ITEMS, sandbox });
	return {
		wallMs: burst.wallMs,
		itemsPerSecond: round((items / burst.wallMs) * 1000, 1),
		tokenRequests: burst.tokenRequests,
		peakInFlight: burst.peakInFlight,
		createAnswers: burst.createAnswers,
		perWorker: workers.map((w, i) => w.executions().length - before[i]),
		problems,
	};
}

async function cell(count, n8n, baseUrl, sandbox) {
	await Promise.all(workers.map((w) => w.stop()));
	workers = await timed(`start ${count} worker(s)`, () =>
		Promise.all(Array.from({ length: count }, (_, i) => q.startWorker(n8n, { name: `worker ${i + 1}` }))),
	);
	const warm = await measuredBurst(baseUrl, sandbox);
	say(`  ${count} worker(s): warm-up burst ${(warm.wallMs / 1000).toFixed(1)} s${warm.problems.length ? ` (${warm.problems.length} problems)` : ''}`);
	const runs = [];
	for (let run = 0; run < RUNS; run++) {
		if (run === 0) sandbox.expireTokens();
		const result = await measuredBurst(baseUrl, sandbox);
		runs.push(result);
		say(
			`  ${count} worker(s), burst ${run + 1}: ${(result.wallMs / 1000).toFixed(2)} s, ${result.itemsPerSecond} items/s, ` +
				`${result.tokenRequests} token requests, creates answered ${result.createAnswers}, per worker ${result.perWorker.join(' + ')}` +
				`${result.problems.length ? `, PROBLEMS: ${result.problems.join('; ')}` : ''}`,
		);
	}
	const rates = runs.map((r) => r.itemsPerSecond);
	return {
		workers: count,
		itemsPerSecond: median(rates),
		minItemsPerSecond: Math.min(...rates),
		maxItemsPerSecond: Math.max(...rates),
		medianWallMs: median(runs.map((r) => r.wallMs)),
		tokenRequests: runs.map((r) => r.tokenRequests),
		peakInFlight: Math.max(...runs.map((r) => r.peakInFlight)),
		perWorker: runs.map((r) => r.perWorker.join('+')),
		runs,
		warmUp: warm,
	};
}

async function main() {
	const startedAt = Date.now();
	say(`n8n-nodes-segura queue bench: ${REQUESTS} webhook POSTs at once × ${ITEMS} creates, ${RUNS} bursts per worker count, sandbox latency ${LATENCY_MS} ms`);
	const { runtime, node24, userFolder } = await bench.provision();
	const sandbox = await bench.sandbox({ latencyMs: LATENCY_MS, onRequest: tally.onRequest });
	tally.sandbox = sandbox;
	services = await timed('Redis + Postgres', () => startQueueServices({ say }));
	bench.closeAtEnd({ close: () => services.stop() });
	say(`  Redis ${services.redis.version}, ${services.postgres.version}`);

	const n8n = new env.N8n(runtime, q.queueEnv(runtime, { userFolder, services, brokerPort: await env.freePort() }));
	const credential = { id: 'queue-bench', name: 'Queue bench', sandbox };
	const { installed } = await bench.packAndInstall(n8n, [env.seguraCredential(credential)], timed);
	await timed('import + activate', async () => {
		await n8n.importWorkflows([q.burstWorkflow(credential, { items: ITEMS })]);
		await q.activate(n8n, q.BURST_WORKFLOW_ID);
	});
	// No owner or login needed: the bench only calls the production webhook.
	const server = await timed('n8n start (main)', async () => n8n.startServer({ port: await env.freePort(), timeoutMs: 240_000 }));
	const cells = [];
	try {
		for (const count of WORKER_COUNTS) cells.push(await cell(count, n8n, server.url, sandbox));
	} finally {
		await Promise.all(workers.map((w) => w.stop()));
		await server.stop();
	}
	const [one, two] = cells;
	const ratio = one.itemsPerSecond && two.itemsPerSecond ? round(two.itemsPerSecond / one.itemsPerSecond, 2) : null;

	say('');
	say(`items/s = ${REQUESTS * ITEMS} / wall time of a burst (first POST → last answer), median of ${RUNS}; tokens/burst: token requests the sandbox counted per burst (the first after expiring the stored token).`);
	say('');
	say(
		textTable(
			[{ title: 'workers', width: 7 }, { title: 'items/s', width: 8 }, { title: 'min–max', width: 11 }, { title: 's/burst', width: 7 }, { title: 'vs 1 worker', width: 11 }, { title: 'tokens/burst', width: 12 }, { title: 'in flight', width: 9 }, { title: 'executions per worker', width: 22, left: true }],
			cells.map((c) => [c.workers, c.itemsPerSecond?.toFixed(1), `${c.minItemsPerSecond}–${c.maxItemsPerSecond}`, (c.medianWallMs / 1000).toFixed(2), `${round(c.itemsPerSecond / one.itemsPerSecond, 2).toFixed(2)}×`, c.tokenRequests.join(','), c.peakInFlight, c.perWorker.join(' ')]),
		),
	);
	say('');
	say(`2 workers / 1 worker: ${ratio}× on ${os.cpus().length} cores (main, each worker and its task runner share them)`);
	const failures = cells.flatMap((c) => c.runs.flatMap((r) => r.problems));
	say(failures.length ? `FAIL  ${failures.length} problems: ${failures.slice(0, 5).join('; ')}` : `PASS  every burst: ${REQUESTS * ITEMS} items, no duplicate session, creates = items`);
	say(`total ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);

	const built = bench.builtFrom();
	const meta = { requests: REQUESTS, items: ITEMS, runs: RUNS, latencyMs: LATENCY_MS, redis: services.redis.version, postgres: services.postgres.version, ...bench.describe({ runtime, node24, installed, built }) };
	say(`wrote ${bench.writeJson(__dirname, 'results-queue.json', { meta, cells, ratioTwoToOne: ratio, totalMs: Date.now() - startedAt })}`);
	return failures.length === 0;
}

// Workers are child processes: the cleanup's stopAllChildren stops them.
bench.run(main);
