'use strict';

/**
 * What the create benchmark (bench/run.js) runs: its mode, its variants and the environment knobs.
 *
 *   node bench/run.js              the benchmark: this node against the HTTP Request node's ways of
 *                                  bounding its width (1,000 items per run)
 *   node bench/run.js --defaults   (or BENCH_DEFAULTS=1) the defaults: this node as dropped on the
 *                                  canvas against the HTTP Request node as dropped on the canvas,
 *                                  500 items per run at 0 and 20 ms and a 5,000-item cell at 0 ms,
 *                                  5 interleaved runs per cell; BENCH_SWEEP=1 adds Concurrency 2–10,
 *                                  BENCH_SWEEP=8,12,16 the widths listed
 *
 * Knobs (the defaults are the benchmark): BENCH_ITEMS (1000; 500 with --defaults), BENCH_RUNS_0 (3; 5
 * with --defaults), BENCH_RUNS_20 (the same), BENCH_LARGE_ITEMS (5000, --defaults), BENCH_LATENCIES (0,20), BENCH_VARIANTS (comma list of keys), BENCH_WARM_ITEMS
 * (= items), BENCH_OUT (bench/), KEEP_BENCH=1 keeps the n8n user folder under bench/.work/,
 * BENCH_FOREIGN_LIMIT (0.3 cores); experiments: BENCH_PATCH, BENCH_N8N_ENV, BENCH_CPU_PROF.
 */

const path = require('node:path');

const DEFAULTS_MODE = process.argv.includes('--defaults') || process.env.BENCH_DEFAULTS === '1';

const ITEMS = Number(process.env.BENCH_ITEMS) || (DEFAULTS_MODE ? 500 : 1000);
const LATENCIES = (process.env.BENCH_LATENCIES || '0,20').split(',').map(Number);
const DEFAULT_RUNS = DEFAULTS_MODE ? 5 : 3;
const RUNS = { 0: Number(process.env.BENCH_RUNS_0) || DEFAULT_RUNS, 20: Number(process.env.BENCH_RUNS_20) || DEFAULT_RUNS };
for (const latency of LATENCIES) RUNS[latency] ??= RUNS[20];

const HTTP_DEFAULT = { key: 'http-par', label: 'HTTP Request, default (all items in parallel)', short: 'HTTP default (parallel)', kind: 'http', peer: 'parallel' };

/**
 * The benchmark's variants. `peer` says what each HTTP Request variant stands for in the targets:
 *  - `sequential` / `width10`: one at a time, or at most 10 in flight (Loop Over Items feeding the
 *    HTTP Request node 1 or 10 items per round: the way n8n bounds the HTTP Request node's width);
 *  - `literal`: the node's own Batching option as the brief names it (batch size 1 or 10, interval
 *    0). In n8n 2.41 an interval of 0 turns batching off (HttpRequestV3: it only sleeps between
 *    batches when interval > 0; requests are never awaited one by one), so these send every item
 *    at once, exactly like the default. The sandbox's peak in-flight count shows it.
 */
const BENCH_VARIANTS = [
	{ key: 'seg-c1', label: 'Segura node, Concurrency 1', short: 'Segura c=1', kind: 'ours', concurrency: 1 },
	{ key: 'seg-c10', label: 'Segura node, Concurrency 10', short: 'Segura c=10', kind: 'ours', concurrency: 10 },
	{ key: 'http-seq', label: 'HTTP Request, 1 at a time (Loop Over Items 1)', short: 'HTTP 1 at a time', kind: 'http', loop: 1, peer: 'sequential' },
	{ key: 'http-w10', label: 'HTTP Request, 10 at a time (Loop Over Items 10)', short: 'HTTP 10 at a time', kind: 'http', loop: 10, peer: 'width10' },
	{ key: 'http-b1', label: 'HTTP Request, Batching 1 / interval 0', short: 'HTTP batch 1/0 ms', kind: 'http', batching: { batchSize: 1, batchInterval: 0 }, peer: 'literal' },
	{ key: 'http-b10', label: 'HTTP Request, Batching 10 / interval 0', short: 'HTTP batch 10/0 ms', kind: 'http', batching: { batchSize: 10, batchInterval: 0 }, peer: 'literal' },
	HTTP_DEFAULT,
];

/**
 * The defaults mode: the Segura node as dropped on the canvas (no Concurrency option in the
 * workflow at all, so the node's own default applies) and the HTTP Request node as dropped on the
 * canvas, each also in a large cell (`items`, at 0 ms only: `latencies`); BENCH_SWEEP=1 adds the
 * Segura node at explicit Concurrency 2–10.
 */
const LARGE_ITEMS = Number(process.env.BENCH_LARGE_ITEMS) || 5000;
const SWEEP = process.env.BENCH_SWEEP === '1' ? [2, 4, 6, 8, 10] : (process.env.BENCH_SWEEP || '').split(',').filter(Boolean).map(Number);
const SEGURA_DEFAULT = { key: 'seg-default', label: 'Segura node, default (no Concurrency set)', short: 'Segura default', kind: 'ours', concurrency: undefined };
const DEFAULTS_VARIANTS = [
	SEGURA_DEFAULT,
	...SWEEP.map((c) => ({ key: `seg-c${c}`, label: `Segura node, Concurrency ${c}`, short: `Segura c=${c}`, kind: 'ours', concurrency: c })),
	HTTP_DEFAULT,
	{ ...SEGURA_DEFAULT, key: 'seg-default-large', label: `Segura node, default, ${LARGE_ITEMS} items`, items: LARGE_ITEMS, latencies: [0], peerKey: 'http-par-large' },
	{ ...HTTP_DEFAULT, key: 'http-par-large', label: `HTTP Request, default, ${LARGE_ITEMS} items`, items: LARGE_ITEMS, latencies: [0] },
];

const VARIANTS = (DEFAULTS_MODE ? DEFAULTS_VARIANTS : BENCH_VARIANTS).filter(
	(variant) => !process.env.BENCH_VARIANTS || process.env.BENCH_VARIANTS.split(',').includes(variant.key),
);

/** A variant's items per run, and whether it runs at a latency (a large cell runs at 0 ms only). */
const itemsOf = (variant) => variant.items ?? ITEMS;
const runsAt = (variant, latency) => !variant.latencies || variant.latencies.includes(latency);

module.exports = {
	DEFAULTS_MODE,
	itemsOf,
	runsAt,
	ITEMS,
	WARM_ITEMS: Math.min(ITEMS, Number(process.env.BENCH_WARM_ITEMS) || ITEMS),
	LATENCIES,
	RUNS,
	VARIANTS,
	OUT_DIR: process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : __dirname,
	/** Another process using more than this many cores on average during a run makes it a rerun. */
	FOREIGN_LIMIT: Number(process.env.BENCH_FOREIGN_LIMIT) || 0.3,
	MAX_RETRIES_PER_RUN: 2,
	MAX_RETRIES: 10,
	LOAD_SAMPLES: 9,
	TARBALL_LIMIT: 100 * 1024,
	HTTP_VERSION: 4.2,
	TRIGGER: 'Run Benchmark',
	UNDER_TEST: 'Under Test',
	LOOP: 'Loop Over Items',
};
