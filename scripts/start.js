#!/usr/bin/env node
'use strict';

/**
 * `npm start`: a real n8n with this package installed, next to the Segura sandbox, ready to log in.
 *
 *   - provisions the pinned n8n + Node 24 once (scripts/provision-n8n.sh; minutes the first time)
 *   - builds, packs and reinstalls this package at every start, as a community package
 *   - starts the sandbox (HTTP, port 8443 or a free one) and n8n (port 5678 or a free one)
 *   - keeps a persistent n8n user folder in the cache (your workflows and executions stay), with the
 *     credential "Segura sandbox" pointing at the sandbox and the example workflows imported
 *   - creates the owner account from environment variables, so the login works at once
 *
 * Output: one line per phase with its time; what npm, the compiler and the build print goes to
 * start.log in the cache folder, whose path is printed when something fails.
 *
 * Environment: N8N_PORT (5678), SEGURA_SANDBOX_PORT (8443), N8N_LISTEN_ADDRESS (127.0.0.1),
 * SEGURA_N8N_OWNER_EMAIL / SEGURA_N8N_OWNER_PASSWORD (the login printed at the end),
 * SEGURA_N8N_CACHE (where n8n and the user folder live). Ctrl-C stops n8n and the sandbox.
 *
 * Signals: package.json runs this file as `exec node scripts/start.js`, so npm's shell is replaced by
 * node and a SIGTERM or SIGINT sent to the npm process (by a supervisor, not only Ctrl-C in a
 * terminal, which signals the whole process group) reaches this process: npm passes the signal on to
 * its child, and a shell in between would die of it without passing it on, leaving n8n running.
 * SIGINT, SIGTERM and SIGHUP stop n8n, the sandbox and whatever is still starting (provisioning,
 * build, imports: every child runs in a process group of its own), at any point of the start.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const env = require('../tooling/n8n-env');
const { startSandbox } = require('../sandbox/server');

/** A local sandbox instance only: this login is printed on every start. */
const OWNER = {
	email: process.env.SEGURA_N8N_OWNER_EMAIL || 'owner@example.com',
	password: process.env.SEGURA_N8N_OWNER_PASSWORD || 'SeguraSandbox1!',
};

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

/** The full output of provisioning and the build, kept out of the terminal (printed on failure). */
const CACHE_DIR = process.env.SEGURA_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-segura');
const LOG_FILE = path.join(CACHE_DIR, 'start.log');
fs.mkdirSync(CACHE_DIR, { recursive: true });
const startLog = fs.createWriteStream(LOG_FILE, { flags: 'w' });

/** Runs one phase of the start: its line says what is ready and how long it took. */
async function phase(what, work) {
	const started = Date.now();
	const value = await work();
	const done = typeof what === 'function' ? what(value) : what;
	say(`  ✓ ${done} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	return value;
}

/**
 * What was imported last time, so that a restart does not re-import (and overwrite your edits of)
 * the examples unless the files changed, nor the credential unless the sandbox moved to another port.
 */
function readState(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}

function hashOf(value) {
	return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** The example the banner opens: the one-click demo. */
const DEMO_ID = 'segura-sandbox-demo';

/** Thrown by a step of the start that ends after a stop signal: nothing more is started. */
class Stopped extends Error {}

/**
 * The stop, and the signals that trigger it, set before anything starts (a signal during the first
 * run's provisioning must end it too). `running` holds what the stop closes; `step(promise)` waits
 * for one step of the start and goes no further after a stop signal.
 */
function stopControl() {
	const running = { sandbox: undefined, server: undefined };
	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		if (signal) say(`\n${signal}: stopping n8n and the sandbox…`);
		await running.server?.stop();
		await env.stopAllChildren();
		await running.sandbox?.close();
		say('Stopped.');
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			// A second signal while stopping: give up waiting.
			if (stopping) process.exit(130);
			stop(signal).then(() => process.exit(0));
		});
	}
	const step = async (promise) => {
		const value = await promise;
		if (stopping) throw new Stopped('stopped by a signal');
		return value;
	};
	return { running, stop, step, stopping: () => stopping };
}

/** This package built, packed and installed into the persistent user folder. */
async function installPackage(runtime, step) {
	const userFolder = path.join(runtime.cacheDir, 'start-user-folder');
	fs.mkdirSync(userFolder, { recursive: true });
	const packDir = path.join(runtime.cacheDir, 'start-pack');
	fs.rmSync(packDir, { recursive: true, force: true });
	const tarball = await step(env.buildAndPack(packDir));
	const installed = await step(env.installPackage(tarball, userFolder));
	return { userFolder, installed };
}

async function startSeguraSandbox(step) {
	const port = await step(env.preferredPort(Number(process.env.SEGURA_SANDBOX_PORT) || 8443));
	return startSandbox({
		port,
		// The sandbox's access log (method, path, status: no secrets) shows what the node sends.
		onRequest: ({ method, path: requestPath, status, durationMs }) =>
			say(`  [sandbox] ${method} ${requestPath} → ${status ?? 'no answer'} (${durationMs} ms)`),
	});
}

/** The credential and the examples, imported only when they changed since the last start. */
async function importChanged(n8n, { userFolder, sandbox, step }) {
	const stateFile = path.join(userFolder, 'segura-start-state.json');
	const state = readState(stateFile);
	const credential = env.seguraCredential({ ...env.EXAMPLE_CREDENTIAL, sandbox });
	if (state.credentialHash !== hashOf(credential)) {
		await step(n8n.importCredentials([credential]));
		state.credentialHash = hashOf(credential);
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
	}
	const examples = Object.values(env.readExamples());
	if (state.examplesHash !== hashOf(examples)) {
		await step(n8n.importWorkflows(examples));
		state.examplesHash = hashOf(examples);
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
	}
	return { credential, examples };
}

/** What the user needs once n8n is up: where to go, the login, the sandbox's settings. */
function readyText({ runtime, installed, startedAt, host, n8nPort, examples, credential, sandbox, logFile, userFolder }) {
	return `
n8n ${runtime.n8nVersion} with ${installed.name} ${installed.version} is running (ready in ${Math.round((Date.now() - startedAt) / 1000)} s).

  Open            http://${host}:${n8nPort}
  Log in          ${OWNER.email}  /  ${OWNER.password}
  Start here      http://${host}:${n8nPort}/workflow/${DEMO_ID}  ("${examples.find((w) => w.id === DEMO_ID)?.name}": Execute workflow)

  Segura sandbox  (a local fake appliance; the credential "${credential.name}" already points at it)
    Base URL       ${sandbox.baseUrl}
    Client ID      ${sandbox.clientId}
    Client Secret  ${sandbox.clientSecret}
    Control API    ${sandbox.controlUrl}/state

  n8n log         ${logFile}
  User folder     ${userFolder}  (kept between starts; the package is reinstalled each time)

  Ctrl-C (or SIGTERM to npm start) stops n8n and the sandbox.
`;
}

async function main() {
	const startedAt = Date.now();
	const { running, stop, step, stopping } = stopControl();
	try {
		say('Starting n8n with n8n-nodes-segura and the Segura sandbox (the first run installs n8n: 10 minutes or more)…');
		const runtime = await phase(
			(ready) => `n8n ${ready.n8nVersion} and Node 24 in ${ready.root}`,
			() => step(env.provisionN8n((line) => (line.startsWith('[provision]') ? say(`    ${line.slice(12)}`) : startLog.write(`${line}\n`)))),
		);
		const { userFolder, installed } = await phase((done) => `${done.installed.name} ${done.installed.version} built and installed`, () => installPackage(runtime, step));
		const sandbox = (running.sandbox = await phase((started) => `Segura sandbox at ${started.baseUrl}`, () => startSeguraSandbox(step)));
		if (stopping()) throw new Stopped('stopped by a signal');

		const listenAddress = process.env.N8N_LISTEN_ADDRESS || '127.0.0.1';
		const n8nPort = await step(env.preferredPort(Number(process.env.N8N_PORT) || 5678));
		const brokerPort = await step(env.preferredPort(5679));
		const n8n = new env.N8n(runtime, env.n8nEnv(runtime, { userFolder, brokerPort }));
		const { credential, examples } = await phase('credential "Segura sandbox" and the examples in n8n', () => importChanged(n8n, { userFolder, sandbox, step }));

		const logFile = path.join(userFolder, 'n8n.log');
		const log = fs.createWriteStream(logFile, { flags: 'a' });
		const server = (running.server = await phase(`n8n ${runtime.n8nVersion} started, owner signed in`, async () => {
			const started = await step(
				n8n.startServer({ port: n8nPort, listenAddress, extraEnv: env.ownerEnv(runtime, OWNER), onOutput: (chunk) => log.write(chunk) }),
			);
			running.server = started;
			// Prove the login works before telling anyone to use it.
			await step(new env.RestClient(started.url).signIn(OWNER));
			return started;
		}));

		const host = ['127.0.0.1', '0.0.0.0', '::'].includes(listenAddress) ? 'localhost' : listenAddress;
		say(readyText({ runtime, installed, startedAt, host, n8nPort, examples, credential, sandbox, logFile, userFolder }));
		const code = await new Promise((resolve) => server.child.once('exit', (exitCode) => resolve(exitCode)));
		if (!stopping()) {
			say(`n8n exited (${code}); see ${logFile}. Stopping the sandbox.`);
			await stop();
			process.exitCode = 1;
		}
	} catch (error) {
		if (stopping()) return; // the signal handler finishes the stop and exits
		startLog.write(`${error.stack ?? error}\n${error.output ?? ''}\n`);
		say(`\nCould not start: ${error.message.split('\n')[0]}`);
		say(`Full output: ${LOG_FILE}`);
		await stop();
		process.exitCode = 1;
	}
}

main().catch(async (error) => {
	say(`\nCould not start: ${error.message}`);
	await env.stopAllChildren();
	process.exit(1);
});
