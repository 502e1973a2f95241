#!/usr/bin/env node
'use strict';

/**
 * `npm run bench`: throughput of the Segura node against n8n's HTTP Request node, in the real n8n
 * of the e2e harness (tooling/n8n-env.js: pinned n8n 2.41.1 on Node 24, this package packed and
 * installed as a community package), against the Segura sandbox at 0 ms and 20 ms latency.
 *
 * Every run: 1,000 create items (alice → 10.66.33.17, SSH, explicit credential usrsudonopass) made
 * by a Code node, through the node under test. Workflows run on one `n8n start` server through the
 * REST API (the editor's "Execute workflow"); a run's time is the execution's own
 * `stoppedAt − startedAt` as n8n stores it (GET /rest/executions/:id). Each variant × latency has its
 * own freshly imported credential, so its first run starts with no stored token.
 *
 * `node bench/run.js --defaults` (or BENCH_DEFAULTS=1): the defaults instead, 500 items per run, the
 * Segura node with no Concurrency set and at Concurrency 2–10 against the HTTP Request node's
 * default, as ratios (bench/results-defaults.json).
 *
 * Output: a table on stdout, bench/results.json, bench/chart.svg; exit 1 when a target fails, 2 when
 * the bench itself failed. See bench/README.md; the knobs are in bench/config.js and bench/harness.js.
 * The Get Many benchmark is bench/getmany.js.
 */

const fs = require('node:fs');
const path = require('node:path');

const config = require('./config');
const { createBench } = require('./harness');
const { runOnce, inFlightTracker, measureLoadTime, measureCells } = require('./measure');
const { treeRssMb, readPeaks } = require('./proc');
const { round, formatTable, chartSvg } = require('./report');
const { aggregate, benchTargets, defaultsTargets } = require('./targets');
const { workflowFor, credentialFor } = require('./workflows');

const { DEFAULTS_MODE, ITEMS, WARM_ITEMS, LATENCIES, RUNS, VARIANTS, OUT_DIR, FOREIGN_LIMIT, LOAD_SAMPLES, TARBALL_LIMIT, itemsOf, runsAt } = config;

/** Items of a cell's run: the warm-up's, or the variant's own. */
const itemsFor = (variant, tag) => (tag === 'warm' ? Math.min(WARM_ITEMS, itemsOf(variant)) : itemsOf(variant));

const bench = createBench();
const { say, timed, phase } = bench;

/** Id of a cell's workflow and credential. */
const cellId = (variant, tag) => `bench-${variant.key}-${tag}`;

/**
 * One credential per variant × latency (and one per variant for the warm-up): every cell's first run
 * starts without a stored token.
 */
function cellsSetup(sandbox) {
	const credentials = [];
	const workflows = [];
	for (const variant of VARIANTS) {
		for (const tag of ['warm', ...LATENCIES.filter((l) => runsAt(variant, l)).map((l) => `${l}ms`)]) {
			const id = cellId(variant, tag);
			const credential = { id, name: `Bench ${variant.key} ${tag}` };
			credentials.push(credentialFor(variant, credential, sandbox));
			workflows.push(workflowFor(id, variant, credential, sandbox, itemsFor(variant, tag)));
		}
	}
	return { credentials, workflows };
}

/** require() time of the installed node module, measured before n8n starts. */
async function loadTimeOf(runtime, pkg) {
	const nodeFile = path.join(pkg.dir, 'dist', 'nodes', 'Segura', 'SeguraRemoteSession.node.js');
	const result = await timed('load time', () => measureLoadTime(runtime, nodeFile));
	say(`  require() of the node module (Node 24, median of ${LOAD_SAMPLES}): ${result.coldMs} ms cold, ${result.ownMs} ms with n8n-workflow and zod loaded`);
	return result;
}

/** Every cell's runs on the started server, and the server's memory figures; stops the server. */
async function measureOnServer({ server, client, flatted, sandbox, tracker }) {
	const idleRss = treeRssMb(server.child.pid);
	try {
		const run = (variant, tag, latency) =>
			runOnce({ client, flatted, sandbox, tracker, server, workflowId: cellId(variant, tag), variant, latency, items: itemsFor(variant, tag) });
		const runs = await measureCells({ run, say, timed });
		const serverPeak = { rssAfterStartMb: round(idleRss, 0), mainHwmMbSinceLastReset: readPeaks(server.child.pid).mainMb };
		return { runs, serverPeak };
	} finally {
		await server.stop();
	}
}

function printReport({ cells, runs, meta, serverPeak, tarballBytes, loadTime, notes, targets, totalMs }) {
	say('');
	say(`Items/s = items / (stoppedAt − startedAt) of each n8n execution (GET /rest/executions/:id), median of the runs; min–max over them.`);
	say('node ms: the node under test\'s own executionTime from the run data (summed over loop rounds).');
	say('tokens/run: token requests the sandbox counted in each run, first run (no stored token) first.');
	say('CPU s/1k: CPU seconds of the n8n main process (all its threads) per 1,000 items, from /proc/<pid>/stat: median (min–max).');
	say('in flight: peak concurrent requests at the sandbox; RSS MB: peak RSS of the n8n process tree (sum of VmHWM).');
	say(DEFAULTS_MODE ? 'vs peer: each Segura cell / HTTP Request default (all items in parallel) at the same latency and size: items/s (and CPU per item).' : 'vs peer: Segura c=1 / HTTP Request 1 at a time, Segura c=10 / HTTP Request 10 at a time.');
	say('');
	say(formatTable(cells));
	say('');
	const reruns = runs.reduce((sum, r) => sum + r.attempts - 1, 0);
	const disturbed = runs.filter((r) => r.disturbed).length;
	say(`other processes: ${reruns} run(s) repeated, ${disturbed} kept although another process used > ${FOREIGN_LIMIT} cores; load average ${meta.loadAverage.start.join(' ')} → ${meta.loadAverage.end.join(' ')}`);
	say(`n8n process tree RSS right after start: ${serverPeak?.rssAfterStartMb ?? '–'} MB (peaks per run in the table)`);
	say(`packed tarball: ${(tarballBytes / 1024).toFixed(1)} KB; node module load: ${loadTime.coldMs} ms cold (incl. n8n-workflow + zod), ${loadTime.ownMs} ms own code`);
	say('');
	say(DEFAULTS_MODE ? 'Explicit Concurrency against the HTTP Request default:' : 'HTTP Request Batching as literally configured (interval 0 = batching off in n8n 2.41):');
	for (const line of notes) say(`  ${line}`);
	say('');
	for (const t of targets) say(`${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
	say('');
	say(`total ${(totalMs / 1000).toFixed(0)} s (${Object.entries(phase).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`);
}

/** How each figure is measured, as results.json states it. */
const METHOD = {
	timing: 'execution startedAt/stoppedAt from GET /rest/executions/:id (as stored in n8n\'s database), one n8n start server, manual runs via POST /rest/workflows/:id/run',
	itemsPerSecond: 'items / (stoppedAt - startedAt), median per cell',
	nodeMs: 'sum of the node under test\'s runData executionTime',
	tokens: 'sandbox counters.tokenRequests per run (counters reset before each run); one fresh credential per cell',
	inFlight: 'peak concurrent requests at the sandbox (arrivals minus answers, exact)',
	memory: 'VmHWM of every process of the n8n tree (main + task runner) after each run, reset before the run with /proc/<pid>/clear_refs = 5; summed',
	loadTime: `require() in a fresh Node 24 process with n8n's node_modules on NODE_PATH, median of ${LOAD_SAMPLES}`,
	...(DEFAULTS_MODE ? { ratioToPeer: 'Segura cell items/s / HTTP Request default items/s at the same latency (medians)' } : {}),
};

function writeResults(report, { tarball }) {
	const { meta, cells, notes, tarballBytes } = report;
	const results = {
		meta,
		method: METHOD,
		tarball: { file: path.basename(tarball), bytes: tarballBytes, limitBytes: TARBALL_LIMIT },
		loadTime: report.loadTime,
		cells,
		targets: report.targets,
		[DEFAULTS_MODE ? 'notesConcurrency' : 'notesLiteralBatching']: notes,
		runs: report.runs,
		phasesMs: phase,
		totalMs: report.totalMs,
		serverPeak: report.serverPeak,
	};
	if (DEFAULTS_MODE) {
		say(`wrote ${bench.writeJson(OUT_DIR, 'results-defaults.json', results)}`);
	} else {
		const written = bench.writeJson(OUT_DIR, 'results.json', results);
		fs.writeFileSync(path.join(OUT_DIR, 'chart.svg'), chartSvg(cells, meta, { variants: VARIANTS, latencies: LATENCIES }));
		say(`wrote ${written} and ${path.relative(process.cwd(), path.join(OUT_DIR, 'chart.svg'))}`);
	}
}

async function main() {
	const startedAt = Date.now();
	const mode = DEFAULTS_MODE ? 'defaults' : 'bench';
	say(`n8n-nodes-segura ${mode}: ${ITEMS} items per run, ${RUNS[0]} runs at 0 ms and ${RUNS[20]} at 20 ms per variant`);
	const { runtime, node24 } = await bench.provision();

	const tracker = inFlightTracker();
	const sandbox = await bench.sandbox({ onRequest: tracker.onRequest });
	tracker.sandbox = sandbox;
	const started = await bench.startN8n(runtime, { ...cellsSetup(sandbox), beforeStart: (pkg) => loadTimeOf(runtime, pkg) });
	const { installed, tarball, tarballBytes, built, before: loadTime } = started;
	const { runs, serverPeak } = await measureOnServer({ ...started, sandbox, tracker });

	const cells = aggregate(runs);
	const { targets, notes } = DEFAULTS_MODE ? defaultsTargets(cells, tarballBytes) : benchTargets(cells, tarballBytes);
	const meta = { items: ITEMS, runsPerCell: RUNS, httpRequestTypeVersion: config.HTTP_VERSION, ...bench.describe({ runtime, node24, installed, built }) };
	const report = { cells, runs, meta, serverPeak, tarballBytes, loadTime, notes, targets, totalMs: Date.now() - startedAt };
	printReport(report);
	writeResults(report, { tarball });
	return targets.every((t) => t.pass);
}

if (require.main === module) bench.run(main);
