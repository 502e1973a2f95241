#!/usr/bin/env node
'use strict';

/**
 * `node bench/getmany.js`: Get Many against appliance-size session lists, in the real n8n of the
 * benchmarks (bench/harness.js). Per run: Manual Trigger → Code node making K audit items (one user
 * each: alice, bob, carol, dave, erin, …) → Segura node, Get Many, Return All off, Limit 50,
 * Filters: User = {{ $json.user }}, Status = Any. The sandbox holds N synthetic sessions
 * (sandbox/synthetic.js) besides its seed.
 *
 * Measured per run: the Get Many node's own executionTime (run data, GET /rest/executions/:id), the
 * list requests the sandbox received (routeRequests.list) and how long it took to answer them, the
 * n8n main process's CPU time and peak RSS (VmHWM, reset before the run). The first run of every
 * N × K is checked: each item's 50 sessions are that user's newest, as the sandbox holds them.
 *
 * Knobs: GETMANY_SIZES (10000,100000,300000), GETMANY_ITEMS (1,5), GETMANY_RUNS (3 per cell),
 * GETMANY_LIMIT (50), BENCH_OUT (bench/; writes results-getmany.json), and harness.js's.
 */

const { workflowBuilder, chain, workflow } = require('../tooling/workflows');
const env = require('../tooling/n8n-env');
const { SYNTHETIC_USERS } = require('../sandbox/synthetic');
const config = require('./config');
const { createBench } = require('./harness');
const { resetPeaks, readPeaks, statusKb, cpuSnapshot, cpuDelta } = require('./proc');
const { median, round, textTable } = require('./report');

const list = (value, fallback) => (value || fallback).split(',').map(Number);
const SIZES = list(process.env.GETMANY_SIZES, '10000,100000,300000');
const ITEM_COUNTS = list(process.env.GETMANY_ITEMS, '1,5');
const RUNS = Number(process.env.GETMANY_RUNS) || 3;
const LIMIT = Number(process.env.GETMANY_LIMIT) || 50;
const GET_MANY = 'Get Many';
const TRIGGER = 'Run Audits';
const LIST_PATH = /\/session\/remotesessions$/;

const bench = createBench();
const { say, timed } = bench;

function auditWorkflow(k, credential) {
	const { segura, items, manualTrigger } = workflowBuilder('getmany');
	const nodes = [
		manualTrigger(TRIGGER),
		items('Audits', SYNTHETIC_USERS.slice(0, k).map((user) => ({ user }))),
		segura(GET_MANY, credential, {
			operation: 'getMany',
			returnAll: false,
			limit: LIMIT,
			filters: { user: '={{ $json.user }}', status: 'any' },
		}),
	];
	return workflow(`bench-getmany-k${k}`, `[bench] Get Many, ${k} audit item(s)`, nodes, chain(nodes));
}

/** Each user's newest LIMIT session ids, as the node must return them (start, then id, descending). */
function expectedIds(sandbox, users) {
	const byUser = new Map(users.map((u) => [u, []]));
	for (const s of sandbox.sessions()) byUser.get(s.user)?.push(s);
	return users.map((u) =>
		byUser
			.get(u)
			.sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : Number(b.id) - Number(a.id)))
			.slice(0, LIMIT)
			.map((s) => s.id),
	);
}

/** The list answer's size and how long the bench itself takes to fetch it (the sandbox's share). */
async function probeList(sandbox) {
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret });
	const token = (await (await fetch(`${sandbox.baseUrl}/iso/oauth2/token`, { method: 'POST', body: form })).json()).access_token;
	const started = performance.now();
	const body = await (await fetch(`${sandbox.baseUrl}/iso/session/remotesessions`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
	return { answerMb: round(body.byteLength / 1024 ** 2, 1), fetchMs: Math.round(performance.now() - started) };
}

/**
 * Runs a workflow as the editor does (POST /rest/workflows/:id/run) and waits for its execution.
 * Polls every 500 ms; a poll that fails at the network level (n8n busy parsing a 100 MB answer can
 * drop a keep-alive connection) is tried again, up to 10 times in a row.
 */
async function runAndWait(client, flatted, workflowId, timeoutMs = 15 * 60_000) {
	const started = await client.post(`/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: TRIGGER } });
	if (!started?.executionId) throw new Error(`n8n did not start ${workflowId}: ${JSON.stringify(started)}`);
	const deadline = Date.now() + timeoutMs;
	for (let failures = 0; Date.now() < deadline; ) {
		await env.delay(500);
		const execution = await client.get(`/rest/executions/${started.executionId}`).catch((error) => {
			if (++failures > 10 || !['TypeError', 'TimeoutError'].includes(error.name)) throw error;
			return null;
		});
		if (execution) failures = 0;
		if (execution && !['new', 'running', 'waiting'].includes(execution.status)) return { status: execution.status, data: flatted.parse(execution.data) };
	}
	throw new Error(`execution ${started.executionId} of ${workflowId} did not finish in ${timeoutMs / 60_000} minutes`);
}

async function runOnce({ client, flatted, server, sandbox, listAnswers, k, check }) {
	const pid = server.child.pid;
	const rssBeforeMb = round((statusKb(pid, 'VmRSS') ?? 0) / 1024, 0);
	const listsBefore = sandbox.routeRequests.list;
	listAnswers.length = 0;
	resetPeaks(pid);
	const cpuBefore = cpuSnapshot(pid);
	const { status, data } = await runAndWait(client, flatted, `bench-getmany-k${k}`);
	const cpu = cpuDelta(cpuBefore, cpuSnapshot(pid));
	const peaks = readPeaks(pid);
	const nodeRuns = data.resultData.runData[GET_MANY] ?? [];
	const error = data.resultData.error ?? nodeRuns[0]?.error;
	if (status !== 'success' || error) throw new Error(`Get Many, K=${k}: ${status} ${error?.message ?? ''}`);
	const out = nodeRuns[0].data.main[0];
	if (check) {
		const got = SYNTHETIC_USERS.slice(0, k).map((_, i) => out.filter((item) => item.pairedItem?.item === i).map((item) => item.json.id));
		const want = expectedIds(sandbox, SYNTHETIC_USERS.slice(0, k));
		if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`Get Many, K=${k}: the output is not each user's newest ${LIMIT} sessions`);
	}
	return {
		nodeMs: nodeRuns[0].executionTime,
		listRequests: sandbox.routeRequests.list - listsBefore,
		listAnswerMs: listAnswers.reduce((sum, ms) => sum + ms, 0),
		outputItems: out.length,
		n8nMainCpuMs: cpu.n8nMainCpuMs,
		foreignCores: cpu.foreignCores,
		rssBeforeMb,
		peakRssMainMb: round(peaks.mainMb, 0),
		peakRssTreeMb: round(peaks.treeMb, 0),
	};
}

/** The runs at one list size: interleaved item counts, a failed run noted and the rest run on. */
async function measureSize(size, { run, sandbox, server, runs, sizes }) {
	sandbox.setSyntheticSessions(size);
	const probe = await probeList(sandbox);
	sizes.push({ sessions: size, ...probe });
	say(`  ${size} sessions: list answer ${probe.answerMb} MB, fetched by the bench in ${probe.fetchMs} ms`);
	for (let rep = 1; rep <= RUNS; rep++) {
		for (const k of rep % 2 ? ITEM_COUNTS : [...ITEM_COUNTS].reverse()) {
			// A failed run (n8n out of memory, a timeout) is a result too: noted, and the rest goes on
			// while n8n is still up.
			const result = await run(k, rep === 1).catch((error) => ({ error: `${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message})` : ''}` }));
			runs.push({ sessions: size, items: k, rep, ...result });
			if (result.error) {
				say(`  N=${size} K=${k} #${rep}: FAILED ${result.error}`);
				if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`n8n exited (${server.child.exitCode ?? server.child.signalCode})`);
				continue;
			}
			say(
				`  N=${size} K=${k} #${rep}: node ${result.nodeMs} ms, ${result.listRequests} list request(s) answered in ${result.listAnswerMs} ms, ` +
					`n8n CPU ${result.n8nMainCpuMs} ms, RSS ${result.rssBeforeMb} → peak ${result.peakRssMainMb} MB, other load ${result.foreignCores} cores`,
			);
		}
	}
}

/** One row per list size × item count: medians of the runs that succeeded, maxima of memory. */
function cellsOf(runs) {
	const cells = [];
	for (const size of SIZES) {
		for (const k of ITEM_COUNTS) {
			const own = runs.filter((r) => r.sessions === size && r.items === k && !r.error);
			const failed = runs.filter((r) => r.sessions === size && r.items === k && r.error).length;
			const pick = (key) => own.map((r) => r[key]);
			const max = (key) => (own.length ? Math.max(...pick(key)) : null);
			cells.push({
				sessions: size,
				items: k,
				runs: own.length,
				nodeMs: median(pick('nodeMs')),
				minNodeMs: own.length ? Math.min(...pick('nodeMs')) : null,
				maxNodeMs: max('nodeMs'),
				listRequestsPerRun: [...new Set(pick('listRequests'))].join('/'),
				listAnswerMs: median(pick('listAnswerMs')),
				n8nMainCpuMs: median(pick('n8nMainCpuMs')),
				rssBeforeMb: max('rssBeforeMb'),
				peakRssMainMb: max('peakRssMainMb'),
				peakRssTreeMb: max('peakRssTreeMb'),
				outputItems: own[0]?.outputItems,
				failedRuns: failed,
			});
		}
	}
	return cells;
}

function tableOf(cells) {
	const columns = [['sessions', 8], ['items', 5], ['list req/run', 12], ['node ms', 8], ['min–max', 13], ['list answer ms', 14], ['n8n CPU ms', 10], ['RSS before', 10], ['peak RSS', 8], ['tree peak', 9], ['out', 4], ['failed', 6]];
	return textTable(
		columns.map(([title, width]) => ({ title, width })),
		cells.map((c) => [c.sessions, c.items, c.listRequestsPerRun, c.nodeMs, `${c.minNodeMs}–${c.maxNodeMs}`, c.listAnswerMs, c.n8nMainCpuMs, c.rssBeforeMb, c.peakRssMainMb, c.peakRssTreeMb, c.outputItems, c.failedRuns]),
	);
}

async function main() {
	const startedAt = Date.now();
	say(`n8n-nodes-segura Get Many bench: ${SIZES.join(', ')} sessions × ${ITEM_COUNTS.join(', ')} audit items, ${RUNS} runs per cell, limit ${LIMIT}`);
	const { runtime, node24 } = await bench.provision();
	const listAnswers = [];
	const sandbox = await bench.sandbox({
		onRequest: (entry) => {
			if (entry.method === 'GET' && LIST_PATH.test(entry.path)) listAnswers.push(entry.durationMs);
		},
	});
	const credential = { id: 'bench-getmany', name: 'Bench Get Many' };
	const { server, client, flatted, installed, built } = await bench.startN8n(runtime, {
		credentials: [env.seguraCredential({ ...credential, sandbox })],
		workflows: ITEM_COUNTS.map((k) => auditWorkflow(k, credential)),
	});
	const runs = [];
	const sizes = [];
	let aborted = null;
	try {
		const run = (k, check) => runOnce({ client, flatted, server, sandbox, listAnswers, k, check });
		// Warm-up on the seed alone (token, JIT, the task runner's start), not counted.
		await timed('warm-up', async () => {
			for (const k of ITEM_COUNTS) await run(k, false);
		});
		for (const size of SIZES) await timed(`${size} sessions`, () => measureSize(size, { run, sandbox, server, runs, sizes }));
	} catch (error) {
		// What ran so far still makes a table.
		aborted = error.message;
		say(`  stopped: ${aborted}`);
	} finally {
		await server.stop();
	}

	const cells = cellsOf(runs);
	const table = tableOf(cells);
	say('');
	say(`node ms: the Get Many node's executionTime (run data), median of ${RUNS}; list answer ms: the sandbox's time from each list request's arrival to`);
	say('its last byte sent, summed over the run (rendering and streaming included); n8n CPU ms: the n8n main process during the run;');
	say('RSS before / peak RSS: VmRSS of the n8n main process before the run, VmHWM during it (MB, max over the runs); tree peak: with the task runner.');
	say('');
	say(table);
	say('');
	say(`total ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
	const meta = { sizes: SIZES, itemCounts: ITEM_COUNTS, runsPerCell: RUNS, limit: LIMIT, ...bench.describe({ runtime, node24, installed, built }) };
	say(`wrote ${bench.writeJson(config.OUT_DIR, 'results-getmany.json', { meta, listAnswers: sizes, cells, runs, aborted, phasesMs: bench.phase, table })}`);
	return !aborted && runs.every((r) => !r.error);
}

if (require.main === module) bench.run(main);
