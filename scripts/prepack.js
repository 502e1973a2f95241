#!/usr/bin/env node
'use strict';

/**
 * `prepack`: builds dist/ afresh so that a tarball never ships without the code, nor with files of
 * an earlier build (a renamed node's old file). When the pack is part of
 * `npm publish`, it first runs n8n's guard, `n8n-node prerelease`: only `npm run release` (which
 * sets RELEASE_MODE, and which publish.yml runs in GitHub Actions, with provenance) may publish.
 *
 * Why the guard is here and not only in `prepublishOnly`: anyone with `ignore-scripts=true` in their
 * npm config skips `prepublishOnly`; `publishConfig` in package.json turns scripts back on for
 * `npm publish`, whose pack step runs this file.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function run(command, args) {
	const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
	if (result.error) throw result.error;
	if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.env.npm_command === 'publish') run('n8n-node', ['prerelease']);
fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
run('npm', ['run', 'build']);
