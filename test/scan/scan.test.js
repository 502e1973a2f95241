'use strict';

/**
 * `npm run test:scan`: the offline scan (scripts/scan.js) passes on this package's tarball and fails,
 * naming the file and the rule, on deliberately broken copies of that tarball. Needs a build first
 * (`npm run build`): the tarball is `npm pack` of the working tree.
 */

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCAN = path.join(REPO_ROOT, 'scripts', 'scan.js');

let work;
let realTarball;
let nodeFile;

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stderr}`);
	return result.stdout;
}

function scan(tarball) {
	const result = spawnSync(process.execPath, [SCAN, '--tarball', tarball], { cwd: REPO_ROOT, encoding: 'utf8' });
	return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A copy of the real tarball, changed by `breakIt(packageDir)` and packed again as `<name>.tgz`. */
function brokenCopy(name, breakIt) {
	const root = path.join(work, name);
	const packageDir = path.join(root, 'package');
	fs.mkdirSync(packageDir, { recursive: true });
	run('tar', ['-xzf', realTarball, '-C', packageDir, '--strip-components=1'], work);
	breakIt(packageDir);
	const tarball = path.join(work, `${name}.tgz`);
	run('tar', ['-czf', tarball, '-C', root, 'package'], work);
	return tarball;
}

function editJson(file, change) {
	const json = JSON.parse(fs.readFileSync(file, 'utf8'));
	change(json);
	fs.writeFileSync(file, JSON.stringify(json, null, 2));
}

test.before(() => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'segura-scan-test-'));
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	nodeFile = manifest.n8n.nodes[0];
	assert.ok(fs.existsSync(path.join(REPO_ROOT, nodeFile)), `${nodeFile} is missing: run npm run build first`);
	const out = run('npm', ['pack', '--json', '--pack-destination', work], REPO_ROOT);
	realTarball = path.join(work, JSON.parse(out.slice(out.search(/^\[$/m)))[0].filename);
});

test.after(() => {
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the real tarball passes and its size is printed', () => {
	const { code, output } = scan(realTarball);
	assert.equal(code, 0, output);
	assert.match(output, /Packed tarball: n8n-nodes-segura-[\d.]+\.tgz, [\d.]+ KB \(\d+ bytes\)/);
	assert.match(output, /Scan passed\./);
});

test('a dist file with timers, process.env and a forbidden import fails, naming file and rules', () => {
	const tarball = brokenCopy('globals-and-imports', (dir) => {
		fs.appendFileSync(
			path.join(dir, nodeFile),
			'\nconst pause = setTimeout(() => undefined, 10);\nconst fs = require("fs");\n' +
				'module.exports.leak = [pause, fs, process.env.HOME];\n',
		);
	});
	const { code, output } = scan(tarball);
	assert.equal(code, 1, output);
	assert.match(output, /Scan failed/);
	assert.ok(output.includes(`globals-and-imports.tgz:package/${nodeFile}`), output);
	assert.match(output, /restricted global 'setTimeout'.*@n8n\/community-nodes\/no-restricted-globals/);
	assert.match(output, /restricted global 'process'.*@n8n\/community-nodes\/no-restricted-globals/);
	assert.match(output, /Require of 'fs' is not allowed.*@n8n\/community-nodes\/no-restricted-imports/);
});

test('a package.json with an install script and a runtime dependency fails', () => {
	const tarball = brokenCopy('package-json', (dir) => {
		editJson(path.join(dir, 'package.json'), (manifest) => {
			manifest.scripts = { ...manifest.scripts, postinstall: 'node setup.js' };
			manifest.dependencies = { axios: '^1.0.0' };
		});
	});
	const { code, output } = scan(tarball);
	assert.equal(code, 1, output);
	assert.ok(output.includes('package-json.tgz:package/package.json'), output);
	assert.match(output, /@n8n\/community-nodes\/no-forbidden-lifecycle-scripts/);
	assert.match(output, /@n8n\/community-nodes\/no-runtime-dependencies/);
});

test('a tarball packed before a build (no dist/) fails, naming the missing files', () => {
	const tarball = brokenCopy('no-dist', (dir) => fs.rmSync(path.join(dir, 'dist'), { recursive: true }));
	const { code, output } = scan(tarball);
	assert.equal(code, 1, output);
	assert.ok(output.includes(`${nodeFile} (n8n.nodes) is not in the tarball`), output);
	assert.match(output, /build before packing/);
});
