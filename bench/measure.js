'use strict';

/**
 * One measured run of the create benchmark through the running n8n server, the sandbox's exact
 * in-flight count, and the node module's load time.
 */

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const env = require('../tooling/n8n-env');
const { LOAD_SAMPLES, TRIGGER, UNDER_TEST, LOOP, VARIANTS, LATENCIES, RUNS, FOREIGN_LIMIT, MAX_RETRIES, MAX_RETRIES_PER_RUN, runsAt } = require('./config');
const { resetPeaks, readPeaks, cpuSnapshot, cpuDelta } = require('./proc');
const { median, round } = require('./report');

// --- one run through the server -------------------------------------------------------------------

async function runOnce({ client, flatted, sandbox, tracker, server, workflowId, variant, latency, items }) {
	sandbox.reset();
	sandbox.setLatency(latency);
	tracker.reset();
	const peaksReset = resetPeaks(server.child.pid);
	const cpuBefore = cpuSnapshot(server.child.pid);
	// The run's window on the system's monotonic clock, the clock of V8's CPU profiles (bench/profile.js).
	const windowStartUs = Number(process.hrtime.bigint() / 1000n);

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
	const windowUs = [windowStartUs, Number(process.hrtime.bigint() / 1000n)];
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
		windowUs,
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

/**
 * The warm-up, then the measured runs (round-robin, reruns of disturbed runs); `run(variant, tag,
 * latency)` is one run. Returns the kept runs.
 */
async function measureCells({ run, say, timed }) {
	const runs = [];
	let retriesLeft = MAX_RETRIES;
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
				const here = VARIANTS.filter((variant) => runsAt(variant, latency));
				const order = rep % 2 ? here : [...here].reverse();
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
	return runs;
}

module.exports = { runOnce, inFlightTracker, measureLoadTime, measureCells };
