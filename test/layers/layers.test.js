'use strict';

/**
 * `npm run test:layers`: the layering check (`npm run lint:layers`, .dependency-cruiser.cjs) passes on
 * the tree as it is and fails on each kind of planted import: upward, between the two nodes' own
 * folders, from the credential into the transport, and a cycle. Each plant goes into a copy of
 * nodes/ and credentials/ in a temporary folder.
 */

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const ROOT = path.join(__dirname, '..', '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

/** A copy of what the check reads, with `plant` applied; returns the check's exit code and output. */
function checkWith(plant) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segura-layers-'));
	try {
		for (const entry of ['nodes', 'credentials', 'tsconfig.json', 'tsconfig.build.json', '.dependency-cruiser.cjs']) {
			fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
		}
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
		if (plant) {
			const file = path.join(dir, plant.file);
			fs.writeFileSync(file, `${plant.line}\n${fs.readFileSync(file, 'utf8')}`);
		}
		const run = spawnSync(DEPCRUISE, ['nodes', 'credentials', '--config', '.dependency-cruiser.cjs'], { cwd: dir, encoding: 'utf8' });
		return { code: run.status, output: `${run.stdout}${run.stderr}` };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

test('the tree as it is passes', () => {
	const { code, output } = checkWith(null);
	assert.equal(code, 0, output);
});

for (const [rule, plant] of [
	['errors-imports-upward', { file: 'nodes/Segura/errors/redaction.ts', line: "export { ENDPOINTS } from '../model/endpoints';" }],
	['model-imports-upward', { file: 'nodes/Segura/model/options.ts', line: "export { seguraCall } from '../transport/index';" }],
	['transport-imports-upward', { file: 'nodes/Segura/transport/reads.ts', line: "export { mapInOrder } from '../actions/concurrency';" }],
	['trigger-imports-actions', { file: 'nodes/Segura/trigger/pollState.ts', line: "export { mapInOrder } from '../actions/concurrency';" }],
	['actions-imports-trigger', { file: 'nodes/Segura/actions/concurrency.ts', line: "export { advance } from '../trigger/pollState';" }],
	['credential-imports-more-than-the-url-rules', { file: 'credentials/SeguraOAuth2Api.credentials.ts', line: "export { READ_RETRY_POLICY } from '../nodes/Segura/transport/index';" }],
	['url-rules-are-a-leaf', { file: 'nodes/Segura/model/endpoints.ts', line: "export { maskSecrets } from '../errors/redaction';" }],
	['no-circular', { file: 'nodes/Segura/errors/errorFactories.ts', line: "export * from './answerErrors';" }],
]) {
	test(`a planted import fails the check: ${rule}`, () => {
		const { code, output } = checkWith(plant);
		assert.notEqual(code, 0, output);
		assert.match(output, new RegExp(`error ${rule}:`));
	});
}
