'use strict';

/**
 * `npm run test:provision`: scripts/provision-n8n.sh run the way `npm start` and `npm run test:e2e`
 * run it, under an npm whose configuration says ignore-scripts=true (the project's .npmrc), and the
 * native modules n8n needs are then used for real under the provisioned Node.
 *
 * The install from nothing is what matters, and it happens only where the cache holds no healthy n8n
 * of that version: `.ci/run` points SEGURA_N8N_CACHE at an empty folder, so every CI run provisions
 * here (about 8 minutes on 2 cores). Against a warm cache the install test is skipped, saying so,
 * and the native modules are still exercised.
 */

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');

const SCRIPT = path.resolve(__dirname, '../../scripts/provision-n8n.sh');
const VERSION = process.env.SEGURA_N8N_VERSION || '2.41.1';
const CACHE = process.env.SEGURA_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-segura');
const ROOT = path.join(CACHE, `n8n-${VERSION}`);

/** What an npm run started from this project hands its scripts, plus settings that would break a build. */
const HOSTILE_NPM_ENV = {
	npm_config_ignore_scripts: 'true',
	npm_config_build_from_source: 'false',
	npm_config_nodedir: '/nonexistent',
	npm_config_foreground_scripts: 'false',
	npm_lifecycle_event: 'test:provision',
};

function provision() {
	return spawnSync('bash', [SCRIPT], {
		env: { ...process.env, ...HOSTILE_NPM_ENV, SEGURA_N8N_VERSION: VERSION, SEGURA_N8N_CACHE: CACHE },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 45 * 60_000,
		maxBuffer: 256 * 1024 * 1024,
	});
}

/** Opens a SQLite database and runs code in an isolate: a module that only "requires" is not enough. */
function useNativeModules(root) {
	const script = `
		const sqlite3 = require('sqlite3');
		const ivm = require('isolated-vm');
		const isolate = new ivm.Isolate({ memoryLimit: 16 });
		const sum = isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync());
		const db = new sqlite3.Database(':memory:');
		db.get('select 40 + 2 as answer', (error, row) => {
			if (error) throw error;
			console.log(JSON.stringify({ isolate: sum, sqlite: row.answer, node: process.version }));
		});`;
	return spawnSync(path.join(root, 'bin', 'node'), ['-e', script], {
		cwd: path.join(root, 'app'),
		encoding: 'utf8',
	});
}

const warm = fs.existsSync(path.join(ROOT, '.healthy'));

test(`provisions n8n ${VERSION} from nothing under an npm that ignores scripts`, { skip: warm && `the cache ${CACHE} already holds a healthy n8n ${VERSION}; point SEGURA_N8N_CACHE at an empty folder to run it` }, () => {
	const started = Date.now();
	const result = provision();
	process.stderr.write(result.stderr);
	console.log(`# provisioning took ${Math.round((Date.now() - started) / 1000)} s`);
	assert.equal(result.status, 0, `provision-n8n.sh exited ${result.status}`);
	assert.equal(result.stdout.trim().split('\n').pop(), ROOT);
	// A download attempt means the build-from-source choice did not reach prebuild-install.
	assert.doesNotMatch(result.stderr, /prebuild-install warn install/);
	assert.doesNotMatch(result.stderr, /Unknown (env|cli) config/);
});

test('a second run answers from the cache at once', () => {
	const started = Date.now();
	const result = provision();
	assert.equal(result.status, 0, `provision-n8n.sh exited ${result.status}`);
	assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
});

test('sqlite3 and isolated-vm work under the provisioned Node 24', () => {
	const result = useNativeModules(ROOT);
	assert.equal(result.status, 0, result.stderr);
	const seen = JSON.parse(result.stdout.trim());
	assert.deepEqual({ isolate: seen.isolate, sqlite: seen.sqlite }, { isolate: 42, sqlite: 42 });
	assert.match(seen.node, /^v24\./);
});
