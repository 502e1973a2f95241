#!/usr/bin/env node
'use strict';

/**
 * `prepack`: builds dist/ so that a tarball never ships without the code. When the pack is part of
 * `npm publish`, it first runs n8n's guard, `n8n-node prerelease`: only `npm run release` (which
 * sets RELEASE_MODE, and which publish.yml runs in GitHub Actions, with provenance) may publish.
 *
 * Why the guard is here and not only in `prepublishOnly`: this project's .npmrc sets
 * `ignore-scripts=true` (install scripts in the dependency tree fail under npm), and npm then skips
 * `prepublishOnly` and `prepack` too. `publishConfig` in package.json turns scripts back on for the
 * pack step of `npm publish`, which runs this file; `prepublishOnly` never runs while the .npmrc
 * setting holds. A plain `npm pack` also skips this file: run `npm run build` first, or
 * `npm pack --ignore-scripts=false`.
 */

const { spawnSync } = require('node:child_process');

function run(command, args) {
	const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
	if (result.error) throw result.error;
	if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.env.npm_command === 'publish') run('n8n-node', ['prerelease']);
run('npm', ['run', 'build']);
