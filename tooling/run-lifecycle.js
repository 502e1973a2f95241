'use strict';

/**
 * What e2e (e2e/run.js) and the benchmarks (bench/harness.js) share around their cases: a throwaway
 * n8n user folder, Segura sandboxes with their own client secrets (redacted from the output), this
 * package packed while n8n imports the credentials (n8n's first command runs the migrations, so the
 * two overlap) and installed as a community package, and one cleanup for the end, an error and
 * Ctrl-C alike: every child process stopped, sandboxes closed, the folder removed unless kept.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const env = require('./n8n-env');
const { stopOnSignals } = require('./workflows');
const { startSandbox } = require('../sandbox/server');

/**
 * @param {{ output: { say: Function, watch: Function }, what: string, clientId: string,
 *   secretPrefix: string, keep: boolean }} options
 *   what: what Ctrl-C stops ("n8n and the sandboxes"); keep: leave the user folder for inspection
 */
function createRunLifecycle({ output, what, clientId, secretPrefix, keep }) {
	const closables = [];
	let userFolder = null;

	/** Makes the user folder (under `parent`, else the OS temp folder); from now on Ctrl-C cleans up. */
	function begin(prefix, parent) {
		if (parent) fs.mkdirSync(parent, { recursive: true });
		userFolder = parent ? fs.mkdtempSync(path.join(parent, prefix)) : env.makeTempDir(prefix);
		stopOnSignals(output.say, what, cleanUp);
		return userFolder;
	}

	/** A sandbox with a client secret of its own, redacted from the output, closed by cleanUp(). */
	async function sandbox(options = {}) {
		const clientSecret = `${secretPrefix}-${crypto.randomBytes(12).toString('hex')}`;
		return output.watch(closeAtEnd(await startSandbox({ clientId, clientSecret, ...options })));
	}

	/** Anything else with a close() (a model server) to be closed by cleanUp(). */
	function closeAtEnd(closable) {
		closables.push(closable);
		return closable;
	}

	/**
	 * `npm pack` (its prepack builds) while n8n imports `credentials`, then the tarball installed as
	 * a community package. `phase(name, fn)` wraps each part: an e2e step, a timed bench phase.
	 */
	async function packAndInstall(n8n, credentials, phase = (_name, fn) => fn()) {
		const [tarball] = await Promise.all([
			phase('npm pack (prepack builds)', () => env.buildAndPack(path.join(userFolder, 'pack'))),
			phase('import credentials (runs the migrations)', () => n8n.importCredentials(credentials)),
		]);
		const installed = await phase('install the tarball as a community package', () => env.installPackage(tarball, userFolder));
		return { tarball, installed };
	}

	async function cleanUp() {
		await env.stopAllChildren();
		await Promise.all(closables.splice(0).map((closable) => closable.close()));
		if (userFolder && !keep) fs.rmSync(userFolder, { recursive: true, force: true });
	}

	return {
		begin,
		sandbox,
		closeAtEnd,
		packAndInstall,
		cleanUp,
		get userFolder() {
			return userFolder;
		},
	};
}

module.exports = { createRunLifecycle };
