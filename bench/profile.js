#!/usr/bin/env node
'use strict';

/**
 * `npm run bench:profile`: where the real n8n's CPU goes while each node creates sessions at its
 * defaults (the Segura node, and the HTTP Request node with a generic OAuth2 credential), from V8
 * CPU profiles (`--cpu-prof`). For each node, bench/run.js --defaults runs alone in its own n8n (a
 * warm-up, then BENCH_PROFILE_RUNS measured runs of BENCH_ITEMS creates at 0 ms); the samples that
 * fall inside the measured runs' windows are attributed, leaf first, to what n8n or the node was
 * doing. Prints a Markdown table (CPU ms per 1,000 items and share), writes
 * bench/results-profile.json, and with --readme replaces the table in bench/README.md between its
 * `profile-table` markers. KEEP_BENCH=1 keeps the profiles; `--from <dir>` attributes kept ones again
 * without running anything.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ITEMS = Number(process.env.BENCH_ITEMS) || 500;
const RUNS = Number(process.env.BENCH_PROFILE_RUNS) || 3;
const NODES = [
	{ key: 'seg-default', label: 'Segura node' },
	{ key: 'http-par', label: 'HTTP Request + OAuth2' },
];

/**
 * What a sample's frames were doing, first match from the leaf up. Each rule names n8n's (or
 * Node's) modules and functions as they appear in the profile's call frames.
 */
const CATEGORIES = [
	{ name: 'garbage collection', test: (f) => f.functionName === '(garbage collector)' },
	{ name: 'JSON parse / stringify', test: (f) => f.url === '' && /^(parse|stringify)$/.test(f.functionName) },
	// The package as n8n installs it (the n8n cache folder is named after the package too).
	{ name: "this package's code", test: (f) => /node_modules\/n8n-nodes-segura\//.test(f.url) },
	{ name: "zod (this package's validation)", test: (f) => /node_modules\/zod\//.test(f.url) },
	{ name: "n8n's parameter resolution (expressions)", test: (f) => /expression|workflow-data-proxy|isolated-vm|tmpl|node-parameters|getNodeParameter|resolveParameter/i.test(`${f.url} ${f.functionName}`) },
	{ name: 'credential read and decryption', test: (f) => /credentials|cipher|decrypt|typeorm|sqlite/i.test(`${f.url} ${f.functionName}`) },
	{ name: 'OAuth2 helper', test: (f) => /client-oauth2|oauth2/i.test(`${f.url} ${f.functionName}`) },
	{ name: 'HTTP client', test: (f) => /axios|follow-redirects|_http_|node:http|node:https|node:net|node:tls|proxy-agent|agent-base|form-data/i.test(f.url) },
	{ name: "n8n's execution engine", test: (f) => /n8n-core|n8n-workflow|workflow-execute|execution/i.test(f.url) },
];
const OTHER = 'other (Node, n8n server, native)';

/** Samples of a profile inside any of the windows, by category: CPU µs. */
function attribute(profile, windows) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const categoryOf = new Map();
	const classify = (id) => {
		if (categoryOf.has(id)) return categoryOf.get(id);
		let found = OTHER;
		for (let at = id; at !== undefined; at = parent.get(at)) {
			const frame = byId.get(at).callFrame;
			const rule = CATEGORIES.find((category) => category.test(frame));
			if (rule) {
				found = rule.name;
				break;
			}
		}
		categoryOf.set(id, found);
		return found;
	};
	const totals = {};
	let time = profile.startTime;
	profile.samples.forEach((id, i) => {
		const delta = profile.timeDeltas[i] ?? 0;
		time += delta;
		const frame = byId.get(id).callFrame;
		if (frame.functionName === '(idle)' || !windows.some(([from, to]) => time >= from && time <= to)) return;
		const category = classify(id);
		totals[category] = (totals[category] ?? 0) + delta;
	});
	return totals;
}

/** One node's profile: bench/run.js --defaults alone with --cpu-prof; the main process's profile attributed. */
function profileNode(node, workDir, run) {
	const dir = path.join(workDir, node.key);
	if (run) runNode(node, dir);
	const results = JSON.parse(fs.readFileSync(path.join(dir, 'results-defaults.json'), 'utf8'));
	const windows = results.runs.filter((run) => run.variant === node.key).map((run) => run.windowUs);
	// n8n's main process and its task runner each write a profile: the main one has the most samples in the runs.
	const attributed = fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.cpuprofile'))
		.map((file) => attribute(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), windows));
	const totals = attributed.reduce((a, b) => (sum(b) > sum(a) ? b : a), {});
	return { totals, items: windows.length * ITEMS, cpuMsPerItem: results.runs.map((run) => run.n8nMainCpuMsPerItem) };
}

/** bench/run.js --defaults for one node alone, its profiles and results into `dir`. */
function runNode(node, dir) {
	fs.mkdirSync(dir, { recursive: true });
	const environment = { ...process.env, BENCH_VARIANTS: node.key, BENCH_LATENCIES: '0', BENCH_RUNS_0: String(RUNS), BENCH_ITEMS: String(ITEMS), BENCH_CPU_PROF: dir, BENCH_OUT: dir };
	const result = spawnSync(process.execPath, [path.join(__dirname, 'run.js'), '--defaults'], { env: environment, stdio: ['ignore', 'inherit', 'inherit'] });
	// Exit 1 is a missed target of the defaults bench, not a failed run.
	if (result.status !== 0 && result.status !== 1) throw new Error(`bench/run.js for ${node.key} exited ${result.status}`);
}

const sum = (totals) => Object.values(totals).reduce((a, b) => a + b, 0);

function table(profiles) {
	const names = [...CATEGORIES.map((category) => category.name), OTHER];
	const perThousand = (profile, name) => ((profile.totals[name] ?? 0) / 1000 / profile.items) * 1000;
	const lines = [
		`| where the n8n main process spent its CPU (ms per 1,000 creates) | ${NODES.map((node) => node.label).join(' | ')} |`,
		`|---|${NODES.map(() => '---').join('|')}|`,
	];
	for (const name of names) {
		const cells = profiles.map((profile) => `${perThousand(profile, name).toFixed(0)} (${((100 * (profile.totals[name] ?? 0)) / sum(profile.totals)).toFixed(1)} %)`);
		lines.push(`| ${name} | ${cells.join(' | ')} |`);
	}
	lines.push(`| **total** | ${profiles.map((profile) => `**${(sum(profile.totals) / profile.items).toFixed(0)}**`).join(' | ')} |`);
	return lines.join('\n');
}

function main() {
	const from = process.argv.indexOf('--from');
	const workDir = from === -1 ? fs.mkdtempSync(path.join(os.tmpdir(), 'segura-profile-')) : path.resolve(process.argv[from + 1]);
	const profiles = NODES.map((node) => profileNode(node, workDir, from === -1));
	const markdown = table(profiles);
	const stamp = `${ITEMS} creates × ${RUNS} runs per node at 0 ms, n8n main process, samples inside the runs (profiler overhead included)`;
	process.stdout.write(`\n${stamp}\n\n${markdown}\n`);
	const out = { items: ITEMS, runs: RUNS, nodes: NODES.map((node, i) => ({ ...node, ...profiles[i] })), table: markdown, at: new Date().toISOString() };
	fs.writeFileSync(path.join(__dirname, 'results-profile.json'), `${JSON.stringify(out, null, 2)}\n`);
	if (process.argv.includes('--readme')) {
		const readme = path.join(__dirname, 'README.md');
		const text = fs.readFileSync(readme, 'utf8');
		const replaced = text.replace(/(<!-- profile-table:start -->\n)[\s\S]*?(<!-- profile-table:end -->)/, `$1${stamp}:\n\n${markdown}\n$2`);
		if (!text.includes('<!-- profile-table:end -->')) throw new Error('bench/README.md has no profile-table markers');
		fs.writeFileSync(readme, replaced);
	}
	if (from === -1 && process.env.KEEP_BENCH !== '1') fs.rmSync(workDir, { recursive: true, force: true });
	else process.stdout.write(`profiles kept in ${workDir}\n`);
}

main();
