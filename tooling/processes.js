'use strict';

/**
 * Child processes that never outlive the scripts which start them, and small process helpers
 * (delays, free ports, temp folders), for the n8n and sandbox scripts.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');

// --- child processes ------------------------------------------------------------------------------

/**
 * Every child we spawn, so that no n8n (nor the task runner it starts) outlives us. Children get
 * their own process group (detached) and are ended by group: `n8n execute` and `n8n start` spawn a
 * task runner of their own that must go too. A Ctrl-C in a terminal then reaches only us, and we
 * decide how n8n stops.
 */
const children = new Set();

process.on('exit', () => {
	for (const child of children) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

/** Spawns a command in its own process group and remembers it until it exits. */
function spawnTracked(command, args, options) {
	const child = spawn(command, args, { ...options, detached: true });
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

/**
 * Runs a command to completion and collects its output. Rejects only when it cannot be started or
 * runs past the timeout; a non-zero exit is the caller's to judge.
 */
function run(command, args, { cwd = REPO_ROOT, env = process.env, timeoutMs = 10 * 60_000, onStderr } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawnTracked(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => {
			stderr += chunk;
			if (onStderr) onStderr(chunk);
		});
		const timer = setTimeout(() => {
			killGroup(child, 'SIGKILL');
			reject(new Error(`${path.basename(command)} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s`));
		}, timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/** Asks a child to stop (SIGTERM to its group), then forces it after `graceMs`. */
function stopChild(child, graceMs = 15_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const force = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(force);
			// The task runner may linger a moment after n8n: end whatever is left of the group.
			killGroup(child, 'SIGKILL');
			resolve();
		});
		killGroup(child, 'SIGTERM');
	});
}

/** Ends every child still running (for error paths; normal paths stop their children themselves). */
async function stopAllChildren() {
	await Promise.all([...children].map((child) => stopChild(child, 5_000)));
}

// --- small helpers --------------------------------------------------------------------------------

function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `port` can be bound on `host` right now. */
function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/** A port the OS says is free (it could be taken again before use: good enough on a dev machine). */
function freePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** `preferred` when free, else any free port. */
async function preferredPort(preferred, host = '127.0.0.1') {
	return (await portIsFree(preferred, host)) ? preferred : freePort(host);
}

function makeTempDir(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

module.exports = { spawnTracked, run, stopChild, stopAllChildren, delay, portIsFree, freePort, preferredPort, makeTempDir };
