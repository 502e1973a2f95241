#!/usr/bin/env node
'use strict';

/**
 * `npm run bench`: every benchmark, one after another (about 25 minutes on 2 cores): creates against
 * the HTTP Request node (bench/run.js), the same at the defaults (--defaults), and Get Many at
 * appliance size in n8n (bench/getmany.js) and in-process (bench/getmany-node.js, after a build), and
 * a create burst in queue mode with 1 and 2 workers (bench/queue.js).
 * Each prints its own table and targets; the exit code is the worst of theirs (1: a target failed,
 * 2: a benchmark broke).
 */

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const here = (file) => path.join(__dirname, file);
const steps = [
	['node', [here('run.js')]],
	['node', [here('run.js'), '--defaults']],
	['node', [here('getmany.js')]],
	['node', [here('queue.js')]],
	['npm', ['run', 'build']],
	['node', ['--expose-gc', here('getmany-node.js')]],
];

let worst = 0;
for (const [command, args] of steps) {
	process.stdout.write(`\n=== ${command} ${args.map((arg) => path.relative(process.cwd(), arg) || arg).join(' ')}\n`);
	const { status } = spawnSync(command, args, { stdio: 'inherit' });
	worst = Math.max(worst, status ?? 2);
}
process.exit(worst);
