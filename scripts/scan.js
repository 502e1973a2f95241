#!/usr/bin/env node
'use strict';

/**
 * `npm run scan`: the checks of `@n8n/scan-community-package` (n8n's gate for community packages),
 * run offline on what `npm publish` would upload, before anything is published.
 *
 * The real scanner (`npx @n8n/scan-community-package n8n-nodes-segura`) downloads the published
 * tarball and the source commit its npm provenance names, then lints both with its own ESLint
 * configuration. Here, with the same code (the scanner's `analyzePackage` and `SOURCE_FILE_PATTERNS`,
 * from the devDependency):
 *   - the tarball is `npm pack` of this working tree (its `prepack` builds), or `--tarball FILE`;
 *     it is extracted and its compiled `.js` and `package.json` are linted, as the scanner does;
 *   - the source is this working tree (`--source DIR` to change): package.json, nodes/, credentials/;
 *   - every file `package.json` registers under `n8n` (and each node's codex `.node.json`) must be in
 *     the tarball: a tarball packed before a build holds only README, LICENSE and package.json.
 * The scanner's provenance check needs a published version; publish.yml publishes with provenance.
 * The tarball's size is printed (docs/benchmark.md points here for it).
 *
 * Exit 0 when every check passes, 1 with the file and the rule when one fails.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const REPO_ROOT = path.resolve(__dirname, '..');
const SCANNER = '@n8n/scan-community-package';

function parseArgs(argv) {
	const options = { tarball: null, source: REPO_ROOT };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--tarball' || arg === '--source') {
			const value = argv[++i];
			if (!value) throw new Error(`${arg} needs a value`);
			options[arg.slice(2)] = path.resolve(value);
		} else {
			throw new Error(`Unknown argument ${arg}. Usage: node scripts/scan.js [--tarball FILE] [--source DIR]`);
		}
	}
	return options;
}

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
	}
	return result.stdout;
}

/** `npm pack` of the working tree into `destDir`; returns the tarball's path. */
function pack(destDir) {
	const out = run('npm', ['pack', '--json', '--pack-destination', destDir], REPO_ROOT);
	const [{ filename }] = JSON.parse(out.slice(out.search(/^\[$/m)));
	return path.join(destDir, filename);
}

function formatSize(bytes) {
	return `${(bytes / 1024).toFixed(1)} KB (${bytes} bytes)`;
}

function listFiles(dir, base = dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
	});
}

/** Files the package registers with n8n, and the codex beside each node, missing from the tarball. */
function missingRegisteredFiles(manifest, files) {
	const registered = [
		...(manifest.n8n?.credentials ?? []).map((file) => ({ file, field: 'n8n.credentials' })),
		...(manifest.n8n?.nodes ?? []).flatMap((file) => [
			{ file, field: 'n8n.nodes' },
			{ file: file.replace(/\.js$/, '.json'), field: `the codex of ${file}` },
		]),
	];
	const present = new Set(files);
	const problems = registered
		.filter(({ file }) => !present.has(path.posix.normalize(file)))
		.map(({ file, field }) => `${file} (${field}) is not in the tarball`);
	if (registered.length === 0) problems.push('package.json registers no nodes or credentials under "n8n"');
	return { registered, problems };
}

async function loadScanner() {
	let scannerPath;
	try {
		const pkgJson = require.resolve(`${SCANNER}/package.json`, { paths: [REPO_ROOT] });
		scannerPath = path.join(path.dirname(pkgJson), 'scanner', 'scanner.mjs');
		// The scanner makes a temp folder when loaded; have it removed on exit.
		createRequire(scannerPath)('tmp').setGracefulCleanup();
		const version = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
		return { version, ...(await import(pathToFileURL(scannerPath).href)) };
	} catch (error) {
		throw new Error(`Cannot load ${SCANNER} (run npm install): ${error.message}`);
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const scanner = await loadScanner();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'segura-scan-'));
	const failures = [];
	try {
		const tarball = options.tarball ?? pack(work);
		const label = path.basename(tarball);
		const extracted = path.join(work, 'package');
		fs.mkdirSync(extracted);
		run('tar', ['-xzf', tarball, '-C', extracted, '--strip-components=1'], work);
		const files = listFiles(extracted);
		const manifest = JSON.parse(fs.readFileSync(path.join(extracted, 'package.json'), 'utf8'));

		console.log(`Scanning ${manifest.name}@${manifest.version} offline with the checks of ${SCANNER} ${scanner.version}`);
		console.log(`  Packed tarball: ${label}, ${formatSize(fs.statSync(tarball).size)}, ${files.length} files`);

		const { registered, problems } = missingRegisteredFiles(manifest, files);
		if (problems.length) {
			failures.push(`${label}: files registered in package.json are missing (build before packing):\n` +
				problems.map((problem) => `  ${problem}`).join('\n'));
		} else {
			console.log(`  ✓ the ${registered.length} files package.json registers with n8n are in the tarball`);
		}

		const legs = [
			// The scanner's tarball leg: compiled JavaScript and the published package.json.
			{ name: `tarball ${label}`, dir: extracted, patterns: ['**/*.js', 'package.json'], shown: `${label}:package` },
			// The scanner's source leg, on the attested source; here the working tree.
			{ name: `source ${path.relative(process.cwd(), options.source) || '.'}`, dir: options.source, patterns: scanner.SOURCE_FILE_PATTERNS, shown: options.source },
		];
		for (const leg of legs) {
			const result = await scanner.analyzePackage(leg.dir, leg.patterns);
			if (result.passed) {
				console.log(`  ✓ ${leg.name}: no ESLint errors under the scanner's rules`);
			} else {
				// Name files as they sit in the tarball, not in this run's temp folder.
				const details = (result.details ?? '').split(leg.dir).join(leg.shown);
				failures.push(`${leg.name}: ${result.message}\n${details}`.trimEnd());
			}
		}
		console.log('  - provenance: checked by the scanner once published (publish.yml publishes with provenance)');
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}

	if (failures.length) {
		console.error(`\nScan failed:\n\n${failures.join('\n\n')}`);
		process.exitCode = 1;
	} else {
		console.log('Scan passed.');
	}
}

main().catch((error) => {
	console.error(`Scan failed: ${error.message}`);
	process.exitCode = 1;
});
