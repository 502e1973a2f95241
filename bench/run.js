#!/usr/bin/env node
'use strict';

/**
 * `npm run bench`: throughput of the Segura node against n8n's HTTP Request node, in the real n8n
 * of the e2e harness (scripts/n8n-env.js: pinned n8n 2.41.1 on Node 24, this package packed and
 * installed as a community package), against the Segura sandbox at 0 ms and 20 ms latency.
 *
 * Every run: 1,000 create items (alice → 10.66.33.17, SSH, explicit credential usrsudonopass) made
 * by a Code node, through the node under test. Workflows run on one `n8n start` server through the
 * REST API (the editor's "Execute workflow"); a run's time is the execution's own
 * `stoppedAt − startedAt` as n8n stores it (GET /rest/executions/:id). Each variant × latency has its
 * own freshly imported credential, so its first run starts with no stored token.
 *
 * Output: a table on stdout, bench/results.json, bench/chart.svg; exit 1 when a target fails, 2 when
 * the bench itself failed. See bench/README.md. Environment knobs (the defaults are the benchmark):
 *   BENCH_ITEMS (1000), BENCH_RUNS_0 (3), BENCH_RUNS_20 (3), BENCH_LATENCIES (0,20), BENCH_VARIANTS
 *   (comma list of keys), BENCH_WARM_ITEMS (= items), BENCH_OUT (bench/), KEEP_BENCH=1 keeps the n8n
 *   user folder under bench/.work/, BENCH_FOREIGN_LIMIT (0.3 cores); experiments: BENCH_PATCH,
 *   BENCH_N8N_ENV, BENCH_CPU_PROF.
 */

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const env = require('../scripts/n8n-env');
const { startSandbox } = require('../sandbox/server');

const BENCH_DIR = __dirname;
const WORK_DIR = path.join(BENCH_DIR, '.work');
const OUT_DIR = process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : BENCH_DIR;
const KEEP = process.env.KEEP_BENCH === '1';

const ITEMS = Number(process.env.BENCH_ITEMS) || 1000;
const WARM_ITEMS = Math.min(ITEMS, Number(process.env.BENCH_WARM_ITEMS) || ITEMS);
const LATENCIES = (process.env.BENCH_LATENCIES || '0,20').split(',').map(Number);
const RUNS = { 0: Number(process.env.BENCH_RUNS_0) || 3, 20: Number(process.env.BENCH_RUNS_20) || 3 };
for (const latency of LATENCIES) RUNS[latency] ??= RUNS[20];
/** BENCH_CPU_PROF=<dir>: n8n (and its task runner) write V8 CPU profiles there when they stop. */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
/**
 * BENCH_PATCH=<module>: called with the installed package folder before n8n starts, to measure a
 * change to the built node without touching nodes/** (experiments only; results say so).
 */
const PATCH = process.env.BENCH_PATCH ? path.resolve(process.env.BENCH_PATCH) : null;
/** BENCH_N8N_ENV='{"N8N_EXPRESSION_ENGINE":"legacy"}': extra environment for `n8n start` (experiments). */
const EXTRA_N8N_ENV = process.env.BENCH_N8N_ENV ? JSON.parse(process.env.BENCH_N8N_ENV) : {};
const LOAD_SAMPLES = 9;
const TARBALL_LIMIT = 100 * 1024;
/** Another process using more than this many cores on average during a run makes it a rerun. */
const FOREIGN_LIMIT = Number(process.env.BENCH_FOREIGN_LIMIT) || 0.3;
const MAX_RETRIES_PER_RUN = 2;
const MAX_RETRIES = 10;
const LOAD_AT_START = os.loadavg().map((v) => Math.round(v * 100) / 100);

const SEGURA = 'n8n-nodes-segura.seguraRemoteSession';
const HTTP_VERSION = 4.2;
const TRIGGER = 'Run Benchmark';
const UNDER_TEST = 'Under Test';
const LOOP = 'Loop Over Items';

/**
 * The variants. `peer` says what each HTTP Request variant stands for in the targets:
 *  - `sequential` / `width10`: one at a time, or at most 10 in flight (Loop Over Items feeding the
 *    HTTP Request node 1 or 10 items per round: the way n8n bounds the HTTP Request node's width);
 *  - `literal`: the node's own Batching option as the brief names it (batch size 1 or 10, interval
 *    0). In n8n 2.41 an interval of 0 turns batching off (HttpRequestV3: it only sleeps between
 *    batches when interval > 0; requests are never awaited one by one), so these send every item
 *    at once, exactly like the default. The sandbox's peak in-flight count shows it.
 */
const VARIANTS = [
	{ key: 'seg-c1', label: 'Segura node, Concurrency 1', short: 'Segura c=1', kind: 'ours', concurrency: 1 },
	{ key: 'seg-c10', label: 'Segura node, Concurrency 10', short: 'Segura c=10', kind: 'ours', concurrency: 10 },
	{ key: 'http-seq', label: 'HTTP Request, 1 at a time (Loop Over Items 1)', short: 'HTTP 1 at a time', kind: 'http', loop: 1, peer: 'sequential' },
	{ key: 'http-w10', label: 'HTTP Request, 10 at a time (Loop Over Items 10)', short: 'HTTP 10 at a time', kind: 'http', loop: 10, peer: 'width10' },
	{ key: 'http-b1', label: 'HTTP Request, Batching 1 / interval 0', short: 'HTTP batch 1/0 ms', kind: 'http', batching: { batchSize: 1, batchInterval: 0 }, peer: 'literal' },
	{ key: 'http-b10', label: 'HTTP Request, Batching 10 / interval 0', short: 'HTTP batch 10/0 ms', kind: 'http', batching: { batchSize: 10, batchInterval: 0 }, peer: 'literal' },
	{ key: 'http-par', label: 'HTTP Request, default (all items in parallel)', short: 'HTTP default (parallel)', kind: 'http', peer: 'parallel' },
].filter((variant) => !process.env.BENCH_VARIANTS || process.env.BENCH_VARIANTS.split(',').includes(variant.key));

// --- output ---------------------------------------------------------------------------------------

const secrets = new Set();

function redact(text) {
	let out = String(text);
	for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
	return out;
}

function say(line = '') {
	process.stdout.write(`${redact(line)}\n`);
}

// --- statistics -----------------------------------------------------------------------------------

function median(values) {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (!sorted.length) return null;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (value, digits = 1) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

// --- workflows ------------------------------------------------------------------------------------

let nodeCount = 0;

function node(name, type, typeVersion, parameters, extra = {}) {
	nodeCount += 1;
	return { id: `bench-node-${nodeCount}`, name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

/** The items, generated inside the workflow (a Code node) so that the workflow stays small. */
function itemsNode(count) {
	return node('Items', 'n8n-nodes-base.code', 2, {
		mode: 'runOnceForAllItems',
		jsCode: `return Array.from({ length: ${count} }, (_, n) => ({ json: { user: 'alice', device: '10.66.33.17', protocol: 'SSH', credential: 'usrsudonopass', n } }));`,
	});
}

/** Four expressions on each side: the Segura node's fields, the HTTP Request node's body fields. */
function seguraNode(credential, concurrency) {
	return node(
		UNDER_TEST,
		SEGURA,
		1,
		{
			operation: 'create',
			user: '={{ $json.user }}',
			device: '={{ $json.device }}',
			protocol: '={{ $json.protocol }}',
			credential: '={{ $json.credential }}',
			options: { concurrency },
		},
		{ credentials: { seguraOAuth2Api: { id: credential.id, name: credential.name } } },
	);
}

function httpNode(credential, sandbox, batching) {
	return node(
		UNDER_TEST,
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		{
			method: 'POST',
			url: `${sandbox.baseUrl}/iso/remote/session`,
			authentication: 'genericCredentialType',
			genericAuthType: 'oAuth2Api',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: ['user', 'device', 'protocol', 'credential'].map((name) => ({ name, value: `={{ $json.${name} }}` })),
			},
			options: batching ? { batching: { batch: batching } } : {},
		},
		{ credentials: { oAuth2Api: { id: credential.id, name: credential.name } } },
	);
}

function link(connections, from, to, output = 0) {
	connections[from] ??= { main: [] };
	while (connections[from].main.length <= output) connections[from].main.push([]);
	connections[from].main[output].push({ node: to, type: 'main', index: 0 });
}

function workflowFor(id, variant, credential, sandbox, items) {
	const trigger = node(TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {});
	const source = itemsNode(items);
	const target = variant.kind === 'ours' ? seguraNode(credential, variant.concurrency) : httpNode(credential, sandbox, variant.batching);
	const nodes = [trigger, source, target];
	const connections = {};
	link(connections, TRIGGER, source.name);
	if (variant.loop) {
		// Loop Over Items: output 0 "done" (all results once the loop ends), output 1 "loop".
		const loop = node(LOOP, 'n8n-nodes-base.splitInBatches', 3, { batchSize: variant.loop, options: {} });
		nodes.push(loop);
		link(connections, source.name, LOOP);
		link(connections, LOOP, target.name, 1);
		link(connections, target.name, LOOP);
	} else {
		link(connections, source.name, target.name);
	}
	nodes.forEach((n, i) => (n.position = [i * 240, 0]));
	return { id, name: `[bench] ${variant.label} (${id})`, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

// --- the n8n process tree: peak memory ------------------------------------------------------------

function processTree(rootPid) {
	const children = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid …; comm may hold spaces and parentheses: cut after the last ')'.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(entry));
		} catch {
			// Gone meanwhile.
		}
	}
	const tree = [];
	const queue = [rootPid];
	while (queue.length) {
		const pid = queue.shift();
		tree.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return tree;
}

function statusKb(pid, field) {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : null;
	} catch {
		return null;
	}
}

/** Resets the RSS high-water mark (VmHWM) of every process in the tree (Linux: clear_refs 5). */
function resetPeaks(rootPid) {
	let ok = true;
	for (const pid of processTree(rootPid)) {
		try {
			fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		} catch {
			ok = false;
		}
	}
	return ok;
}

/** VmHWM per process of the tree, in MB, and their sum (an upper bound of the tree's peak). */
function readPeaks(rootPid) {
	const perProcess = processTree(rootPid)
		.map((pid) => ({ pid, hwmMb: (statusKb(pid, 'VmHWM') ?? 0) / 1024 }))
		.filter((p) => p.hwmMb > 0);
	return { perProcess, treeMb: perProcess.reduce((sum, p) => sum + p.hwmMb, 0), mainMb: perProcess[0]?.hwmMb ?? null };
}

// --- CPU accounting: what n8n spent, and whether something else shared the machine ---------------

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processTicks(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]); // utime + stime
	} catch {
		return 0;
	}
}

function cpuSnapshot(rootPid) {
	const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] || 0);
	const tree = processTree(rootPid);
	const own = process.cpuUsage();
	return {
		at: performance.now(),
		busyMs: busy * TICK_MS,
		treeMs: tree.reduce((sum, pid) => sum + processTicks(pid), 0) * TICK_MS,
		mainMs: processTicks(rootPid) * TICK_MS,
		ownMs: (own.user + own.system) / 1000,
	};
}

/** n8n's CPU time and the average number of cores other processes kept busy meanwhile. */
function cpuDelta(before, after) {
	const elapsed = after.at - before.at;
	const foreign = after.busyMs - before.busyMs - (after.treeMs - before.treeMs) - (after.ownMs - before.ownMs);
	return {
		n8nMainCpuMs: after.mainMs - before.mainMs,
		n8nTreeCpuMs: after.treeMs - before.treeMs,
		benchCpuMs: round(after.ownMs - before.ownMs, 0),
		foreignCores: round(Math.max(0, foreign) / elapsed, 2),
	};
}

// --- one run through the server -------------------------------------------------------------------

async function runOnce({ client, flatted, sandbox, tracker, server, workflowId, variant, latency, items }) {
	sandbox.reset();
	sandbox.setLatency(latency);
	tracker.reset();
	const peaksReset = resetPeaks(server.child.pid);
	const cpuBefore = cpuSnapshot(server.child.pid);

	const started = await client.post(`/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: TRIGGER } });
	if (!started?.executionId) throw new Error(`n8n did not start ${workflowId}: ${JSON.stringify(started)}`);
	const executionId = started.executionId;

	// Each REST call costs n8n a few ms of CPU, which a tight poll would charge to the run under test.
	// So: wait (without asking n8n) until the sandbox has answered every create, asking n8n only
	// every 2 s in case the run failed early; then poll briskly for the end.
	const deadline = Date.now() + 10 * 60_000;
	const finished = (execution) => execution && !['new', 'running', 'waiting'].includes(execution.status);
	let execution;
	let lastAsked = Date.now();
	while (sandbox.counters.creates < items) {
		if (Date.now() - lastAsked >= 2000) {
			execution = await client.get(`/rest/executions/${executionId}`);
			lastAsked = Date.now();
			if (finished(execution)) break;
		}
		if (Date.now() > deadline) throw new Error(`execution ${executionId} of ${workflowId} did not finish in 10 minutes`);
		await env.delay(20);
	}
	for (;;) {
		execution = await client.get(`/rest/executions/${executionId}`);
		if (finished(execution)) break;
		if (Date.now() > deadline) throw new Error(`execution ${executionId} of ${workflowId} did not finish in 10 minutes`);
		await env.delay(50);
	}
	const peaks = readPeaks(server.child.pid);
	const cpu = cpuDelta(cpuBefore, cpuSnapshot(server.child.pid));
	const data = flatted.parse(execution.data);
	const runData = data.resultData.runData;
	const error = data.resultData.error;
	if (execution.status !== 'success' || error) {
		throw new Error(`execution ${executionId} of ${workflowId}: ${execution.status} ${error ? `${error.message} (${error.node?.name ?? ''})` : ''}`);
	}

	// What came out: every item created, none failed.
	const targetRuns = runData[UNDER_TEST] ?? [];
	const outputs = targetRuns.flatMap((run) => run.data?.main?.[0] ?? []);
	const urls = outputs.map((item) => item.json.session_url ?? item.json.session?.session_url).filter(Boolean);
	if (urls.length !== items) throw new Error(`${workflowId}: ${urls.length} of ${items} items carry a session_url`);
	if (sandbox.counters.creates !== items) throw new Error(`${workflowId}: the sandbox counted ${sandbox.counters.creates} creates, expected ${items}`);

	const wallMs = Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt);
	const nodeMs = targetRuns.reduce((sum, run) => sum + (run.executionTime ?? 0), 0);
	const loopMs = (runData[LOOP] ?? []).reduce((sum, run) => sum + (run.executionTime ?? 0), 0);
	return {
		executionId,
		startedAt: execution.startedAt,
		stoppedAt: execution.stoppedAt,
		wallMs,
		itemsPerSecond: (items / wallMs) * 1000,
		nodeMs,
		loopMs,
		nodeRuns: targetRuns.length,
		tokenRequests: sandbox.counters.tokenRequests,
		requests: sandbox.counters.requests,
		createAttempts: sandbox.counters.createAttempts,
		peakInFlight: tracker.peak,
		failedAnswers: tracker.failed,
		peakRssMb: peaksReset ? round(peaks.treeMb) : null,
		peakRssMainMb: peaksReset ? round(peaks.mainMb) : null,
		processes: peaks.perProcess.length,
		...cpu,
		n8nMainCpuMsPerItem: round(cpu.n8nMainCpuMs / items, 2),
	};
}

/**
 * Requests in flight at the sandbox, exactly: counters.requests counts arrivals (synchronously as a
 * request reaches the handler) and onRequest fires as each answer is sent. Just before the k-th
 * answer, in flight = arrivals − (k − 1); the peak is always seen just before some answer.
 */
function inFlightTracker() {
	const tracker = {
		sandbox: null,
		finished: 0,
		peak: 0,
		failed: 0,
		reset() {
			tracker.finished = 0;
			tracker.peak = 0;
			tracker.failed = 0;
		},
		onRequest(entry) {
			if (!tracker.sandbox) return;
			tracker.peak = Math.max(tracker.peak, tracker.sandbox.counters.requests - tracker.finished);
			tracker.finished += 1;
			if (!(entry.status >= 200 && entry.status < 300)) tracker.failed += 1;
		},
	};
	return tracker;
}

// --- module load time -----------------------------------------------------------------------------

/**
 * require() of the node module in a fresh Node 24 process, resolved the way n8n resolves it (n8n's
 * node_modules on NODE_PATH): `cold` includes loading n8n-workflow and zod; `own` has them loaded
 * first, so it is this package's code alone. Median of LOAD_SAMPLES processes each.
 */
function measureLoadTime(runtime, nodeFile) {
	const script = (preload) => `
		${preload ? "require('n8n-workflow'); require('zod');" : ''}
		const t0 = process.hrtime.bigint();
		const mod = require(${JSON.stringify(nodeFile)});
		const t1 = process.hrtime.bigint();
		if (typeof mod.SeguraRemoteSession !== 'function') throw new Error('no SeguraRemoteSession export');
		new mod.SeguraRemoteSession();
		process.stdout.write(String(Number(t1 - t0) / 1e6));`;
	const sample = (preload) => {
		const result = spawnSync(runtime.nodeBin, ['-e', script(preload)], {
			env: { PATH: process.env.PATH, NODE_PATH: path.join(runtime.appDir, 'node_modules') },
			encoding: 'utf8',
			timeout: 60_000,
		});
		if (result.status !== 0) throw new Error(`load-time probe failed: ${result.stderr}`);
		return Number(result.stdout);
	};
	const cold = Array.from({ length: LOAD_SAMPLES }, () => sample(false));
	const own = Array.from({ length: LOAD_SAMPLES }, () => sample(true));
	return { coldMs: round(median(cold), 1), ownMs: round(median(own), 1), samples: { cold: cold.map((v) => round(v, 1)), own: own.map((v) => round(v, 1)) } };
}

// --- report ---------------------------------------------------------------------------------------

function pad(value, width, right = true) {
	const text = value === null || value === undefined ? '–' : String(value);
	return right ? text.padStart(width) : text.padEnd(width);
}

/** One decimal below 100, none above: short enough for the min–max column. */
const short = (value) => (value === null || value === undefined ? '–' : value.toFixed(value < 100 ? 1 : 0));

function formatTable(cells) {
	const header = ['variant', 'lat', 'items/s', 'min–max', 'ms/run', 'node ms', 'CPU ms/it', 'vs peer', 'tokens/run', 'in flight', 'RSS MB'];
	const widths = [48, 5, 8, 11, 7, 7, 9, 7, 10, 9, 6];
	const lines = [header.map((h, i) => pad(h, widths[i], i > 0)).join('  ')];
	lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const cell of cells) {
		lines.push(
			[
				pad(cell.label, widths[0], false),
				pad(`${cell.latencyMs}ms`, widths[1]),
				pad(cell.itemsPerSecond?.toFixed(1), widths[2]),
				pad(`${short(cell.minItemsPerSecond)}–${short(cell.maxItemsPerSecond)}`, widths[3]),
				pad(cell.medianWallMs?.toFixed(0), widths[4]),
				pad(cell.medianNodeMs?.toFixed(0), widths[5]),
				pad(cell.n8nMainCpuMsPerItem?.toFixed(2), widths[6]),
				pad(cell.ratioToPeer === null ? '' : `${cell.ratioToPeer.toFixed(2)}×`, widths[7]),
				pad(cell.tokenRequests.join(','), widths[8]),
				pad(cell.peakInFlight, widths[9]),
				pad(cell.peakRssMb?.toFixed(0), widths[10]),
			].join('  '),
		);
	}
	return lines.join('\n');
}

/** A hand-written horizontal bar chart: one panel per latency, each on its own linear scale. */
function chartSvg(cells, meta) {
	const rows = VARIANTS;
	const panelW = 470;
	const labelW = 170;
	const barMax = panelW - labelW - 70;
	const rowH = 26;
	const top = 74;
	const height = top + rows.length * rowH + 62;
	const width = panelW * LATENCIES.length + 20;
	const color = (variant) =>
		variant.kind === 'ours' ? '#2f81f7' : variant.peer === 'sequential' || variant.peer === 'width10' ? '#d4812f' : '#8c959f';
	const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const parts = [];
	parts.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif" font-size="12">`,
		// One mid-grey for all text: legible on GitHub's white and dark backgrounds alike, whatever the
		// viewer's colour-scheme preference (the chart is shown as an <img>, with a transparent background).
		'<style>.t{fill:#7d8590}.h{fill:#7d8590;font-weight:600}.g{stroke:#7d8590;stroke-opacity:.35}</style>',
		`<text class="h" x="10" y="22" font-size="15">${esc(`Items per second, ${meta.items} Segura creates per run (median; higher is better)`)}</text>`,
		`<text class="t" x="10" y="40">${esc(`n8n ${meta.n8nVersion}, Node ${meta.node24}, ${meta.cores} cores; Segura sandbox latency added to every request`)}</text>`,
	);
	// One scale for both panels, so that bars compare across latencies too.
	const valueOf = (variant, latency) => cells.find((c) => c.variant === variant.key && c.latencyMs === latency)?.itemsPerSecond ?? 0;
	const max = Math.max(1, ...LATENCIES.flatMap((latency) => rows.map((v) => valueOf(v, latency))));
	const step = niceStep(max);
	const scale = barMax / (Math.ceil(max / step) * step);
	LATENCIES.forEach((latency, p) => {
		const x0 = 10 + p * panelW;
		const values = rows.map((v) => valueOf(v, latency));
		parts.push(`<text class="h" x="${x0}" y="${top - 12}" font-size="13">${latency} ms latency</text>`);
		for (let tick = 0; tick <= Math.ceil(max / step) * step + 1e-9; tick += step) {
			const x = x0 + labelW + tick * scale;
			parts.push(`<line class="g" x1="${x.toFixed(1)}" y1="${top - 4}" x2="${x.toFixed(1)}" y2="${top + rows.length * rowH}"/>`);
			parts.push(`<text class="t" x="${x.toFixed(1)}" y="${top + rows.length * rowH + 14}" text-anchor="middle" font-size="10">${tick}</text>`);
		}
		rows.forEach((variant, r) => {
			const y = top + r * rowH;
			const w = Math.max(1, values[r] * scale);
			parts.push(`<text class="t" x="${x0 + labelW - 6}" y="${y + 16}" text-anchor="end">${esc(variant.short)}</text>`);
			parts.push(`<rect x="${x0 + labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="2" fill="${color(variant)}"/>`);
			parts.push(`<text class="t" x="${(x0 + labelW + w + 5).toFixed(1)}" y="${y + 16}">${values[r] ? values[r].toFixed(values[r] < 100 ? 1 : 0) : 'n/a'}</text>`);
		});
	});
	const legendY = height - 20;
	const legend = [
		['#2f81f7', 'this node (Segura)'],
		['#d4812f', 'HTTP Request, width bounded by Loop Over Items'],
		['#8c959f', 'HTTP Request, batching off / interval 0 (all items at once)'],
	];
	let lx = 10;
	for (const [fill, text] of legend) {
		parts.push(`<rect x="${lx}" y="${legendY - 10}" width="12" height="12" rx="2" fill="${fill}"/>`);
		parts.push(`<text class="t" x="${lx + 17}" y="${legendY}">${esc(text)}</text>`);
		lx += 30 + text.length * 6.2;
	}
	parts.push('</svg>');
	return `${parts.join('\n')}\n`;
}

function niceStep(max) {
	const rough = max / 5;
	const power = 10 ** Math.floor(Math.log10(rough));
	const n = rough / power;
	return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * power;
}

// --- main -----------------------------------------------------------------------------------------

let userFolder;
let sandbox;

async function main() {
	const startedAt = Date.now();
	const phase = {};
	const timed = async (name, fn) => {
		const t = Date.now();
		const value = await fn();
		phase[name] = Date.now() - t;
		return value;
	};
	fs.mkdirSync(WORK_DIR, { recursive: true });
	userFolder = fs.mkdtempSync(path.join(WORK_DIR, 'n8n-'));
	say(`n8n-nodes-segura bench: ${ITEMS} items per run, ${RUNS[0]} runs at 0 ms and ${RUNS[20]} at 20 ms per variant`);

	const runtime = await timed('provision', () => env.provisionN8n((line) => say(`  ${line}`)));
	const node24 = spawnSync(runtime.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
	say(`  n8n ${runtime.n8nVersion}, ${node24}, user folder ${path.relative(process.cwd(), userFolder)}`);

	const tracker = inFlightTracker();
	sandbox = await startSandbox({ clientId: 'n8n-bench-client', clientSecret: `bench-${crypto.randomBytes(12).toString('hex')}`, onRequest: tracker.onRequest });
	tracker.sandbox = sandbox;
	secrets.add(sandbox.clientSecret);

	// One credential per variant × latency (and one per variant for the warm-up): every cell's first
	// run starts without a stored token.
	const cellId = (variant, tag) => `bench-${variant.key}-${tag}`;
	const credentials = [];
	const workflows = [];
	for (const variant of VARIANTS) {
		for (const tag of ['warm', ...LATENCIES.map((l) => `${l}ms`)]) {
			const id = cellId(variant, tag);
			const credential = { id, name: `Bench ${variant.key} ${tag}` };
			credentials.push(
				variant.kind === 'ours'
					? env.seguraCredential({ ...credential, sandbox })
					: {
							...credential,
							type: 'oAuth2Api',
							data: {
								grantType: 'clientCredentials',
								accessTokenUrl: `${sandbox.baseUrl}/iso/oauth2/token`,
								clientId: sandbox.clientId,
								clientSecret: sandbox.clientSecret,
								scope: '',
								authQueryParameters: '',
								authentication: 'body',
							},
						},
			);
			workflows.push(workflowFor(id, variant, credential, sandbox, tag === 'warm' ? WARM_ITEMS : ITEMS));
		}
	}

	// What gets built: the commit and whether nodes/ or credentials/ differ from it (other people may
	// be editing them while the bench runs).
	const git = (...args) => spawnSync('git', args, { cwd: env.REPO_ROOT, encoding: 'utf8' }).stdout.trim();
	const built = { gitCommit: git('rev-parse', 'HEAD') || null, gitDirty: git('status', '--porcelain', '--', 'nodes', 'credentials') !== '' };

	const [brokerPort, serverPort] = [await env.freePort(), await env.freePort()];
	const n8n = new env.N8n(runtime, env.n8nEnv(runtime, { userFolder, brokerPort }));
	const packDir = path.join(userFolder, 'pack');
	const [tarball] = await Promise.all([
		timed('build + pack', () => env.buildAndPack(packDir)),
		timed('import credentials', () => n8n.importCredentials(credentials)),
	]);
	const installed = await env.installPackage(tarball, userFolder);
	if (PATCH) {
		say(`  BENCH_PATCH: applying ${path.relative(process.cwd(), PATCH)} to the installed package (experiment)`);
		await require(PATCH)(installed.dir);
	}
	const tarballBytes = fs.statSync(tarball).size;
	await timed('import workflows', () => n8n.importWorkflows(workflows));
	say(`  ${path.basename(tarball)}: ${(tarballBytes / 1024).toFixed(1)} KB; ${credentials.length} credentials, ${workflows.length} workflows imported`);

	const nodeFile = path.join(installed.dir, 'dist', 'nodes', 'SeguraRemoteSession', 'SeguraRemoteSession.node.js');
	const loadTime = await timed('load time', () => measureLoadTime(runtime, nodeFile));
	say(`  require() of the node module (Node 24, median of ${LOAD_SAMPLES}): ${loadTime.coldMs} ms cold, ${loadTime.ownMs} ms with n8n-workflow and zod loaded`);

	const owner = { email: 'bench@segura.test', password: `Bench-${crypto.randomBytes(9).toString('base64url')}1` };
	secrets.add(owner.password);
	const server = await timed('n8n start', () => n8n.startServer({
			port: serverPort,
			extraEnv: {
				...env.ownerEnv(runtime, owner),
				...(CPU_PROF_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${CPU_PROF_DIR}` } : {}),
				...EXTRA_N8N_ENV,
			},
		}));
	const idleRss = processTree(server.child.pid).reduce((sum, pid) => sum + (statusKb(pid, 'VmRSS') ?? 0), 0) / 1024;
	const flatted = require(path.join(runtime.appDir, 'node_modules', 'flatted'));
	const runs = [];
	let serverPeak = null;
	try {
		const client = new env.RestClient(server.url);
		await client.login(owner.email, owner.password);
		let retriesLeft = MAX_RETRIES;
		const run = (variant, tag, latency) =>
			runOnce({ client, flatted, sandbox, tracker, server, workflowId: cellId(variant, tag), variant, latency, items: tag === 'warm' ? WARM_ITEMS : ITEMS });

		// Warm-up: one full-size run per variant (its own credential), so JIT, lazy module loads, heap
		// growth and the task runner's start are not charged to the first measured runs (with 200-item
		// warm-ups the first measured round came out 20-30 % slow).
		await timed('warm-up', async () => {
			for (const variant of VARIANTS) {
				const result = await run(variant, 'warm', 0);
				say(`  warm-up ${variant.label.padEnd(48)} ${result.itemsPerSecond.toFixed(1).padStart(7)} items/s`);
			}
		});

		// Measured runs: round-robin over the variants; repetition 1 of every cell is the first use of
		// its credential (no stored token).
		for (const latency of LATENCIES) {
			await timed(`runs at ${latency} ms`, async () => {
				for (let rep = 1; rep <= RUNS[latency]; rep++) {
					// Forward in odd rounds, backward in even ones: a slow drift of n8n's speed over the
					// session (heap, JIT) then weighs on every variant alike.
					const order = rep % 2 ? VARIANTS : [...VARIANTS].reverse();
					for (const variant of order) {
						// A run during which other processes kept the machine busy is run again (a few
						// times at most); the least disturbed attempt counts. Token counts come from the
						// first attempt: only it shows the credential's state at the start of the run.
						const attempts = [];
						for (;;) {
							const result = await run(variant, `${latency}ms`, latency);
							attempts.push(result);
							say(
								`  ${latency.toString().padStart(2)} ms #${rep} ${variant.label.padEnd(48)} ${result.itemsPerSecond.toFixed(1).padStart(7)} items/s  ` +
									`${result.wallMs} ms  tokens ${result.tokenRequests}  in flight ${result.peakInFlight}  ` +
									`n8n CPU ${result.n8nMainCpuMsPerItem} ms/item  RSS ${result.peakRssMb} MB  other load ${result.foreignCores} cores`,
							);
							if (result.foreignCores <= FOREIGN_LIMIT || attempts.length > MAX_RETRIES_PER_RUN || retriesLeft <= 0) break;
							retriesLeft -= 1;
							say(`     other processes kept ${result.foreignCores} cores busy (limit ${FOREIGN_LIMIT}): running it again`);
						}
						const best = attempts.reduce((a, b) => (b.foreignCores < a.foreignCores ? b : a));
						runs.push({
							variant: variant.key,
							latencyMs: latency,
							rep,
							...best,
							tokenRequests: attempts[0].tokenRequests,
							attempts: attempts.length,
							disturbed: best.foreignCores > FOREIGN_LIMIT,
						});
					}
				}
			});
		}
		serverPeak = { rssAfterStartMb: round(idleRss, 0), mainHwmMbSinceLastReset: readPeaks(server.child.pid).mainMb };
	} finally {
		await server.stop();
	}

	// --- aggregate ---
	const cells = [];
	for (const latency of LATENCIES) {
		for (const variant of VARIANTS) {
			const own = runs.filter((r) => r.variant === variant.key && r.latencyMs === latency).sort((a, b) => a.rep - b.rep);
			const ips = own.map((r) => r.itemsPerSecond);
			cells.push({
				variant: variant.key,
				label: variant.label,
				kind: variant.kind,
				peer: variant.peer ?? null,
				latencyMs: latency,
				runs: own.length,
				itemsPerSecond: round(median(ips), 1),
				minItemsPerSecond: round(Math.min(...ips), 1),
				maxItemsPerSecond: round(Math.max(...ips), 1),
				medianWallMs: median(own.map((r) => r.wallMs)),
				medianNodeMs: median(own.map((r) => r.nodeMs)),
				tokenRequests: own.map((r) => r.tokenRequests),
				peakInFlight: Math.max(...own.map((r) => r.peakInFlight)),
				peakRssMb: round(Math.max(...own.map((r) => r.peakRssMb ?? 0)), 0) || null,
				n8nMainCpuMsPerItem: round(median(own.map((r) => r.n8nMainCpuMsPerItem)), 2),
				reruns: own.reduce((sum, r) => sum + r.attempts - 1, 0),
				disturbedRuns: own.filter((r) => r.disturbed).length,
				ratioToPeer: null,
			});
		}
	}
	const cell = (key, latency) => cells.find((c) => c.variant === key && c.latencyMs === latency);
	// "vs peer": each Segura cell against the HTTP Request node at the same width (1 or 10).
	for (const latency of LATENCIES) {
		for (const [ours, peer] of [['seg-c1', 'http-seq'], ['seg-c10', 'http-w10']]) {
			if (cell(ours, latency) && cell(peer, latency)) cell(ours, latency).ratioToPeer = cell(ours, latency).itemsPerSecond / cell(peer, latency).itemsPerSecond;
		}
	}

	// --- targets ---
	const targets = [];
	const target = (name, pass, detail) => targets.push({ name, pass: Boolean(pass), detail });
	const ips = (key, latency) => cell(key, latency)?.itemsPerSecond ?? NaN;
	// The HTTP Request peers are taken in both readings, and the faster one counts: "sequential" is
	// Loop Over Items 1 or the literal Batching 1 / interval 0; "width 10" is Loop Over Items 10 or
	// the literal Batching 10 / interval 0 (which is not bounded at all; see VARIANTS).
	const strongest = (keys, latency) => {
		const present = keys.filter((key) => cell(key, latency));
		if (!present.length) return null;
		const key = present.reduce((a, b) => (ips(b, latency) > ips(a, latency) ? b : a));
		return { key, ips: ips(key, latency), label: cell(key, latency).label };
	};
	const seqPeer = strongest(['http-seq', 'http-b1'], 0);
	if (cell('seg-c1', 0) && seqPeer) {
		target(
			'0 ms: Segura c=1 ≥ 0.9 × HTTP Request sequential',
			ips('seg-c1', 0) >= 0.9 * seqPeer.ips,
			`${ips('seg-c1', 0)} vs 0.9 × ${seqPeer.ips} (${seqPeer.label}) = ${(0.9 * seqPeer.ips).toFixed(1)} items/s (ratio ${(ips('seg-c1', 0) / seqPeer.ips).toFixed(2)})`,
		);
	}
	if (cell('seg-c10', 20) && cell('seg-c1', 20)) {
		target(
			'20 ms: Segura c=10 ≥ 8 × Segura c=1',
			ips('seg-c10', 20) >= 8 * ips('seg-c1', 20),
			`${ips('seg-c10', 20)} vs 8 × ${ips('seg-c1', 20)} = ${(8 * ips('seg-c1', 20)).toFixed(1)} items/s (×${(ips('seg-c10', 20) / ips('seg-c1', 20)).toFixed(2)})`,
		);
	}
	const widthPeer = strongest(['http-w10', 'http-b10'], 20);
	if (cell('seg-c10', 20) && widthPeer) {
		target(
			'20 ms: Segura c=10 ≥ HTTP Request batching at width 10',
			ips('seg-c10', 20) >= widthPeer.ips,
			`${ips('seg-c10', 20)} vs ${widthPeer.ips} items/s (${widthPeer.label}; ratio ${(ips('seg-c10', 20) / widthPeer.ips).toFixed(2)})`,
		);
	}
	for (const c of cells.filter((x) => x.kind === 'ours')) {
		const [first, ...later] = c.tokenRequests;
		target(
			`tokens: ${c.label} at ${c.latencyMs} ms: 1 on the first run, 0 with a stored token`,
			first === 1 && later.every((n) => n === 0),
			`token requests per run: ${c.tokenRequests.join(', ')}`,
		);
	}
	target('packed tarball < 100 KB', tarballBytes < TARBALL_LIMIT, `${(tarballBytes / 1024).toFixed(1)} KB (${tarballBytes} bytes)`);

	// Not targets: how the literal Batching settings compare (they send everything at once).
	const notes = [];
	for (const latency of LATENCIES) {
		for (const [ours, literal] of [['seg-c1', 'http-b1'], ['seg-c10', 'http-b10'], ['seg-c10', 'http-par']]) {
			if (cell(ours, latency) && cell(literal, latency)) {
				notes.push(
					`${latency} ms: ${cell(ours, latency).label} / ${cell(literal, latency).label} = ${(ips(ours, latency) / ips(literal, latency)).toFixed(2)} ` +
						`(peak in flight ${cell(ours, latency).peakInFlight} vs ${cell(literal, latency).peakInFlight})`,
				);
			}
		}
	}

	const totalMs = Date.now() - startedAt;
	const cpus = os.cpus();
	const meta = {
		date: new Date().toISOString(),
		items: ITEMS,
		runsPerCell: RUNS,
		cores: cpus.length,
		cpuModel: cpus[0]?.model ?? null,
		memoryGb: round(os.totalmem() / 1024 ** 3, 1),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		benchNode: process.version,
		node24,
		n8nVersion: runtime.n8nVersion,
		httpRequestTypeVersion: HTTP_VERSION,
		package: { name: installed.name, version: installed.version },
		gitCommit: built.gitCommit,
		experiment: PATCH || Object.keys(EXTRA_N8N_ENV).length || CPU_PROF_DIR ? { patch: PATCH, n8nEnv: EXTRA_N8N_ENV, cpuProfile: Boolean(CPU_PROF_DIR) } : null,
		loadAverage: { start: LOAD_AT_START, end: os.loadavg().map((v) => round(v, 2)) },
		gitDirty: built.gitDirty,
	};

	say('');
	say(`Items/s = ${ITEMS} / (stoppedAt − startedAt) of each n8n execution (GET /rest/executions/:id), median of the runs.`);
	say('node ms: the node under test\'s own executionTime from the run data (summed over loop rounds).');
	say('tokens/run: token requests the sandbox counted in each run, first run (no stored token) first.');
	say('CPU ms/it: CPU time of the n8n main process (all its threads) per item, from /proc/<pid>/stat, median.');
	say('in flight: peak concurrent requests at the sandbox; RSS MB: peak RSS of the n8n process tree (sum of VmHWM).');
	say('vs peer: Segura c=1 / HTTP Request 1 at a time, Segura c=10 / HTTP Request 10 at a time.');
	say('');
	say(formatTable(cells));
	say('');
	const reruns = runs.reduce((sum, r) => sum + r.attempts - 1, 0);
	const disturbed = runs.filter((r) => r.disturbed).length;
	say(`other processes: ${reruns} run(s) repeated, ${disturbed} kept although another process used > ${FOREIGN_LIMIT} cores; load average ${meta.loadAverage.start.join(' ')} → ${meta.loadAverage.end.join(' ')}`);
	say(`n8n process tree RSS right after start: ${serverPeak?.rssAfterStartMb ?? '–'} MB (peaks per run in the table)`);
	say(`packed tarball: ${(tarballBytes / 1024).toFixed(1)} KB; node module load: ${loadTime.coldMs} ms cold (incl. n8n-workflow + zod), ${loadTime.ownMs} ms own code`);
	say('');
	say('HTTP Request Batching as literally configured (interval 0 = batching off in n8n 2.41):');
	for (const line of notes) say(`  ${line}`);
	say('');
	for (const t of targets) say(`${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
	say('');
	say(`total ${(totalMs / 1000).toFixed(0)} s (${Object.entries(phase).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`);

	const results = {
		meta,
		method: {
			timing: 'execution startedAt/stoppedAt from GET /rest/executions/:id (as stored in n8n\'s database), one n8n start server, manual runs via POST /rest/workflows/:id/run',
			itemsPerSecond: 'items / (stoppedAt - startedAt), median per cell',
			nodeMs: 'sum of the node under test\'s runData executionTime',
			tokens: 'sandbox counters.tokenRequests per run (counters reset before each run); one fresh credential per cell',
			inFlight: 'peak concurrent requests at the sandbox (arrivals minus answers, exact)',
			memory: 'VmHWM of every process of the n8n tree (main + task runner) after each run, reset before the run with /proc/<pid>/clear_refs = 5; summed',
			loadTime: `require() in a fresh Node 24 process with n8n's node_modules on NODE_PATH, median of ${LOAD_SAMPLES}`,
		},
		tarball: { file: path.basename(tarball), bytes: tarballBytes, limitBytes: TARBALL_LIMIT },
		loadTime,
		cells,
		targets,
		notesLiteralBatching: notes,
		runs,
		phasesMs: phase,
		totalMs,
		serverPeak,
	};
	fs.mkdirSync(OUT_DIR, { recursive: true });
	fs.writeFileSync(path.join(OUT_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
	fs.writeFileSync(path.join(OUT_DIR, 'chart.svg'), chartSvg(cells, meta));
	say(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'results.json'))} and ${path.relative(process.cwd(), path.join(OUT_DIR, 'chart.svg'))}`);
	return targets.every((t) => t.pass);
}

async function cleanUp() {
	await env.stopAllChildren();
	if (sandbox) await sandbox.close();
	if (userFolder && !KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
}

module.exports = { chartSvg, formatTable, median };

if (require.main === module) {
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			say(`\n${signal}: stopping n8n and the sandbox`);
			cleanUp().finally(() => process.exit(130));
		});
	}

	main()
		.then(async (allPassed) => {
			await cleanUp();
			process.exitCode = allPassed ? 0 : 1;
		})
		.catch(async (error) => {
			say(`bench failed: ${error.stack ?? error}`);
			if (error.output) say(error.output.slice(-4000));
			await cleanUp();
			process.exitCode = 2;
		});
}
