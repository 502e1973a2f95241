'use strict';

/**
 * `npm start` as a new user runs it, over the n8n that provision.test.js put in the cache: one line
 * per phase and the banner, no npm or compiler noise before it, the banner's link to the demo
 * ("Start here"), the sandbox and n8n answering, and a SIGTERM to npm that stops all of it.
 */

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const test = require('node:test');

const ROOT = path.resolve(__dirname, '../..');

const freePort = () =>
	new Promise((resolve, reject) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});

/** Resolves with the output so far once `pattern` shows in it, or rejects after `ms`. */
function waitForOutput(child, output, pattern, ms) {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms / 1000} s; output:\n${output.text}`)), ms);
		const check = () => {
			if (pattern.test(output.text)) {
				clearTimeout(timer);
				resolve(output.text);
			}
		};
		child.stdout.on('data', check);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`npm start exited (${code}) before ${pattern}; output:\n${output.text}`));
		});
	});
}

test('npm start: one line per phase, the banner with the demo link, then a clean stop on SIGTERM', { timeout: 15 * 60_000 }, async () => {
	const [n8nPort, sandboxPort] = [await freePort(), await freePort()];
	const child = spawn('npm', ['start'], {
		cwd: ROOT,
		env: { ...process.env, N8N_PORT: String(n8nPort), SEGURA_SANDBOX_PORT: String(sandboxPort) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const output = { text: '' };
	child.stdout.on('data', (chunk) => (output.text += chunk));
	child.stderr.on('data', (chunk) => (output.text += chunk));
	try {
		const shown = await waitForOutput(child, output, /Ctrl-C \(or SIGTERM to npm start\)/, 12 * 60_000);
		const beforeBanner = shown.slice(0, shown.indexOf(' is running (ready in')).split('\n');
		assert.ok(beforeBanner.length <= 12, `${beforeBanner.length} lines before the banner:\n${shown}`);
		assert.deepEqual(beforeBanner.filter((line) => /npm (warn|WARN|ERR)|gyp|ERESOLVE|error TS|DeprecationWarning|provisioning lock/.test(line)), []);
		assert.equal(beforeBanner.filter((line) => /^\s+✓ .+ \(\d+(\.\d+)? s\)$/.test(line)).length, 5, shown);
		assert.match(shown, new RegExp(`Start here\\s+http://localhost:${n8nPort}/workflow/segura-sandbox-demo\\s+\\("Start here: `));
		assert.equal((await fetch(`http://127.0.0.1:${n8nPort}/healthz`)).status, 200);
		assert.equal((await fetch(`http://127.0.0.1:${sandboxPort}/__sandbox/state`)).status, 200);
	} finally {
		let timer;
		const exited = new Promise((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 60_000)))]);
		clearTimeout(timer);
	}
	assert.notEqual(child.exitCode ?? child.signalCode, null, 'npm start did not stop within 60 s of SIGTERM');
	await assert.rejects(fetch(`http://127.0.0.1:${n8nPort}/healthz`), 'n8n still answers after the stop');
	await assert.rejects(fetch(`http://127.0.0.1:${sandboxPort}/__sandbox/state`), 'the sandbox still answers after the stop');
});
