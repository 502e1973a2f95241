'use strict';

/**
 * What every benchmark sets up the same way (bench/run.js, bench/getmany.js): the e2e harness's
 * real n8n (tooling/n8n-env.js: pinned n8n on Node 24 from the provisioning cache, this package
 * built, packed and installed as a community package into a throwaway user folder under
 * bench/.work/), Segura sandboxes, one `n8n start` server with a logged-in REST client, output with
 * secrets redacted, and cleaning up on exit or Ctrl-C.
 *
 * Shared knobs: KEEP_BENCH=1 keeps the user folder; experiments: BENCH_PATCH=<module> (called with
 * the installed package folder before n8n starts), BENCH_N8N_ENV='{"…":"…"}' (extra environment for
 * `n8n start`), BENCH_CPU_PROF=<dir> (n8n and its task runner write V8 CPU profiles there).
 */

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const env = require('../tooling/n8n-env');
const { createOutput } = require('../tooling/workflows');
const { createRunLifecycle } = require('../tooling/run-lifecycle');

const WORK_DIR = path.join(__dirname, '.work');
const KEEP = process.env.KEEP_BENCH === '1';
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const PATCH = process.env.BENCH_PATCH ? path.resolve(process.env.BENCH_PATCH) : null;
const EXTRA_N8N_ENV = process.env.BENCH_N8N_ENV ? JSON.parse(process.env.BENCH_N8N_ENV) : {};
/** What results.json says about an experiment (null for a plain run). */
const EXPERIMENT = PATCH || Object.keys(EXTRA_N8N_ENV).length || CPU_PROF_DIR ? { patch: PATCH, n8nEnv: EXTRA_N8N_ENV, cpuProfile: Boolean(CPU_PROF_DIR) } : null;

function createBench() {
	const loadAtStart = os.loadavg().map((v) => Math.round(v * 100) / 100);
	const output = createOutput();
	const { say } = output;
	const lifecycle = createRunLifecycle({ output, what: 'n8n and the sandbox', clientId: 'n8n-bench-client', secretPrefix: 'bench', keep: KEEP });
	const phase = {};

	/** Runs a phase and notes how long it took (results.json: phasesMs). */
	async function timed(name, fn) {
		const t = Date.now();
		const value = await fn();
		phase[name] = Date.now() - t;
		return value;
	}

	/** The provisioned n8n (cached), its Node 24 version, and a fresh user folder. */
	async function provision() {
		const userFolder = lifecycle.begin('n8n-', WORK_DIR);
		const runtime = await timed('provision', () => env.provisionN8n((line) => say(`  ${line}`)));
		const node24 = spawnSync(runtime.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
		say(`  n8n ${runtime.n8nVersion}, ${node24}, user folder ${path.relative(process.cwd(), userFolder)}`);
		return { runtime, node24, userFolder };
	}

	/**
	 * Builds, packs and installs this package (while n8n imports the credentials), imports the
	 * workflows, runs `beforeStart(installed)`, starts `n8n start` with an owner from the
	 * environment and logs in. Returns what the runs need.
	 */
	async function startN8n(runtime, { credentials, workflows, beforeStart }) {
		const built = builtFrom();
		const [brokerPort, serverPort] = [await env.freePort(), await env.freePort()];
		const n8n = new env.N8n(runtime, env.n8nEnv(runtime, { userFolder: lifecycle.userFolder, brokerPort }));
		const { tarball, installed } = await lifecycle.packAndInstall(n8n, credentials, timed);
		if (PATCH) {
			say(`  BENCH_PATCH: applying ${path.relative(process.cwd(), PATCH)} to the installed package (experiment)`);
			await require(PATCH)(installed.dir);
		}
		const tarballBytes = fs.statSync(tarball).size;
		await timed('import workflows', () => n8n.importWorkflows(workflows));
		say(`  ${path.basename(tarball)}: ${(tarballBytes / 1024).toFixed(1)} KB; ${credentials.length} credentials, ${workflows.length} workflows imported`);
		const before = beforeStart ? await beforeStart(installed) : undefined;
		const { server, client } = await startSignedIn(n8n, runtime, serverPort);
		const flatted = require(path.join(runtime.appDir, 'node_modules', 'flatted'));
		return { n8n, server, client, flatted, installed, tarball, tarballBytes, built, before };
	}

	/** `n8n start` with an owner from the environment (and the experiment's settings), signed in. */
	async function startSignedIn(n8n, runtime, port) {
		const owner = { email: 'bench@segura.test', password: `Bench-${crypto.randomBytes(9).toString('base64url')}1` };
		output.secrets.add(owner.password);
		const extraEnv = {
			...env.ownerEnv(runtime, owner),
			...(CPU_PROF_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${CPU_PROF_DIR}` } : {}),
			...EXTRA_N8N_ENV,
		};
		const server = await timed('n8n start', () => n8n.startServer({ port, extraEnv }));
		const client = new env.RestClient(server.url);
		try {
			await client.signIn(owner);
		} catch (error) {
			await server.stop();
			throw error;
		}
		return { server, client };
	}

	const { sandbox, closeAtEnd, packAndInstall, cleanUp } = lifecycle;
	const describe = (parts) => describeRun(loadAtStart, parts);
	const run = (main) => runToExitCode(main, say, cleanUp);
	return { ...output, phase, timed, provision, sandbox, closeAtEnd, packAndInstall, startN8n, describe, builtFrom, writeJson, cleanUp, run };
}

/**
 * Runs `main` (resolving to whether every target passed) and exits 0, 1 when a target failed,
 * 2 when the benchmark itself failed; cleans up either way (Ctrl-C: the lifecycle's own handler).
 */
function runToExitCode(main, say, cleanUp) {
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

/** The machine, the software and the build a result comes from (results.json: meta). */
function describeRun(loadAtStart, { runtime, node24, installed, built }) {
	const cpus = os.cpus();
	return {
		date: new Date().toISOString(),
		cores: cpus.length,
		cpuModel: cpus[0]?.model ?? null,
		memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		benchNode: process.version,
		node24,
		n8nVersion: runtime.n8nVersion,
		package: { name: installed.name, version: installed.version },
		gitCommit: built.gitCommit,
		gitDirty: built.gitDirty,
		experiment: EXPERIMENT,
		loadAverage: { start: loadAtStart, end: os.loadavg().map((v) => Math.round(v * 100) / 100) },
	};
}

/** Writes a result file (JSON) under `dir` and says so. */
function writeJson(dir, name, value) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
	return path.relative(process.cwd(), file);
}

/** What gets built: the commit, and whether nodes/ or credentials/ differ from it (edits under way). */
function builtFrom() {
	const git = (...args) => spawnSync('git', args, { cwd: env.REPO_ROOT, encoding: 'utf8' }).stdout.trim();
	return { gitCommit: git('rev-parse', 'HEAD') || null, gitDirty: git('status', '--porcelain', '--', 'nodes', 'credentials') !== '' };
}

module.exports = { createBench };
