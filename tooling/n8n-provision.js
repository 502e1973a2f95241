'use strict';

/**
 * A provisioned n8n (scripts/provision-n8n.sh, cached per version), this package packed, and the
 * tarball installed into an n8n user folder the way n8n installs a community package.
 */

const fs = require('node:fs');
const path = require('node:path');

const { run } = require('./processes');

const REPO_ROOT = path.resolve(__dirname, '..');
const PACKAGE = require(path.join(REPO_ROOT, 'package.json'));
const PROVISION_SCRIPT = path.join(REPO_ROOT, 'scripts', 'provision-n8n.sh');

// --- provisioning, build, install -----------------------------------------------------------------

/**
 * Makes sure the pinned n8n and Node 24 are in the cache (a no-op when they are; about 8 min and
 * 3 GB the first time) and returns where they are.
 * @param {(line: string) => void} [onProgress] receives the provisioning log, line by line
 */
async function provisionN8n(onProgress) {
	let pending = '';
	const result = await run('bash', [PROVISION_SCRIPT], {
		timeoutMs: 60 * 60_000,
		onStderr: (chunk) => {
			if (!onProgress) return;
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop();
			for (const line of lines) if (line.trim()) onProgress(line);
		},
	});
	if (result.code !== 0) {
		throw new Error(`scripts/provision-n8n.sh failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
	}
	const root = result.stdout.trim().split('\n').pop().trim();
	return runtimeAt(root);
}

/** Paths inside a provisioned root (`<cache>/n8n-<version>`), as scripts/provision-n8n.sh lays them out. */
function runtimeAt(root) {
	const cacheDir = path.dirname(root);
	const runtime = {
		root,
		cacheDir,
		appDir: path.join(root, 'app'),
		n8nBin: path.join(root, 'app', 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: path.join(root, 'bin', 'node'),
	};
	runtime.n8nVersion = JSON.parse(
		fs.readFileSync(path.join(runtime.appDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
	for (const file of [runtime.n8nBin, runtime.nodeBin]) {
		if (!fs.existsSync(file)) throw new Error(`Provisioned n8n is incomplete: ${file} is missing`);
	}
	return runtime;
}

/** `npm pack` into `destDir` (its `prepack` builds dist/); returns the tarball's path. */
async function buildAndPack(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const pack = await run('npm', ['pack', '--json', '--pack-destination', destDir], { timeoutMs: 5 * 60_000 });
	if (pack.code !== 0) throw new Error(`npm pack failed:\n${(pack.stdout + pack.stderr).slice(-4000)}`);
	// The build's own output comes first; npm's JSON report is the array that opens on a line of its own.
	const [{ filename }] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[$/m)));
	return path.join(destDir, filename);
}

/**
 * Installs the packed tarball the way n8n installs a community package: extracted into
 * `<userFolder>/.n8n/nodes/node_modules/<name>`, listed in `.n8n/nodes/package.json` (other
 * packages already listed there are kept). Any earlier copy is replaced.
 */
async function installPackage(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	// npm tarballs hold everything under "package/".
	const untar = await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	if (untar.code !== 0) throw new Error(`Could not extract ${tarball}: ${untar.stderr}`);
	const installed = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));

	const manifestPath = path.join(nodesDir, 'package.json');
	const manifest = fs.existsSync(manifestPath)
		? JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true };
	manifest.dependencies = { ...manifest.dependencies, [installed.name]: installed.version };
	fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
	return { name: installed.name, version: installed.version, dir: target };
}

module.exports = { provisionN8n, runtimeAt, buildAndPack, installPackage };
