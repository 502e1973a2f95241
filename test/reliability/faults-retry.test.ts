/**
 * Which operations retry under faults, over HTTP against the sandbox: reads (Get, Get Many) retry
 * transient failures and honour Retry-After, then give up; Create and Terminate never retry, so a
 * fault costs exactly one request per item and never a second session.
 */
import { NodeApiError } from 'n8n-workflow';

import type { FaultSpec } from '../../sandbox';
import { READ_RETRY_POLICY } from '../../nodes/Segura/transport';
import {
	ACTIVE_SESSION_ID,
	BATCH_SIZE,
	CREATE,
	FAULT_AT,
	HANG_MS,
	SEEDED_SESSION_COUNT,
	TIMEOUT_MS,
	createdSessions,
	dropPath,
	gapMs,
	inputItems,
	requestsTo,
	useRig,
	type Rig,
} from './support';

const tally = {
	readRetries: 0,
	minRetryAfterWaitMs: Infinity,
	notRetriedCases: 0,
	extraRequests: 0,
};

let rig: Rig;
useRig((started) => (rig = started), {
	title: 'reliability: retries under faults',
	lines: () => [
		`reads retried then succeeded: ${tally.readRetries} cases (shortest wait after Retry-After: 1 -> ${tally.minRetryAfterWaitMs} ms)`,
		`create/terminate under faults: ${tally.notRetriedCases} cases, requests beyond one per item: ${tally.extraRequests}`,
	],
});

describe('reads (Get, Get Many) retry transient failures, then succeed', () => {
	const READS = [
		{ op: 'Get', parameters: { operation: 'get', remoteSessionId: ACTIVE_SESSION_ID }, path: /\/session\/remotesessions\/36$/, items: 1 },
		{ op: 'Get Many', parameters: { operation: 'getMany', returnAll: true }, path: /\/session\/remotesessions$/, items: SEEDED_SESSION_COUNT },
	];
	const RETRYABLE = [
		// Retry-After wins over the (shorter) backoff: the retry must wait at least the header's value.
		{ fault: 'HTTP 429 + Retry-After: 1', inject: { kind: 'rateLimit429', retryAfterSeconds: 1 } as FaultSpec, minWaitMs: 1000 },
		{ fault: 'HTML 502', inject: { kind: 'html502' } as FaultSpec, minWaitMs: READ_RETRY_POLICY.baseDelayMs },
		{ fault: 'HTTP 503', inject: { kind: 'status503' } as FaultSpec, minWaitMs: READ_RETRY_POLICY.baseDelayMs },
		{ fault: 'dropped connection', inject: { kind: 'drop' } as FaultSpec, minWaitMs: READ_RETRY_POLICY.baseDelayMs },
		{ fault: 'answer broken off halfway', inject: { kind: 'brokenAnswer' } as FaultSpec, minWaitMs: READ_RETRY_POLICY.baseDelayMs },
	];
	const cases = READS.flatMap((read) => RETRYABLE.map((retry) => ({ ...read, ...retry })));

	test.each(cases)('$op after $fault', async ({ parameters, path, items, inject, minWaitMs }) => {
		rig.sandbox.injectFaults({ ...inject, count: 1 });
		const result = await rig.run(parameters);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(items);
		expect(result.items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
		const calls = requestsTo(rig.sandbox, 'GET', path);
		if (calls.length === 2) {
			tally.readRetries++;
			if (inject.kind === 'rateLimit429') tally.minRetryAfterWaitMs = Math.min(tally.minRetryAfterWaitMs, gapMs(calls[0], calls[1]));
		}
		expect(calls.map((c) => [c.fault, c.status])).toEqual([
			[inject.kind, inject.kind === 'drop' || inject.kind === 'brokenAnswer' ? null : expect.any(Number)],
			[null, 200],
		]);
		expect(gapMs(calls[0], calls[1])).toBeGreaterThanOrEqual(minWaitMs);
		// Not the full policy either: one transient failure costs one retry, not minutes.
		expect(gapMs(calls[0], calls[1])).toBeLessThan(minWaitMs + 1500);
	});

	test.each(READS)('$op gives up after 1 + retries attempts, naming the item', async ({ parameters, path }) => {
		rig.sandbox.injectFaults({ kind: 'rateLimit429', retryAfterSeconds: 0, count: 10 });
		const result = await rig.run(parameters, inputItems(1));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).context.itemIndex).toBe(0);
		expect(result.error?.message).toBe('Too many requests.');
		expect(requestsTo(rig.sandbox, 'GET', path)).toHaveLength(1 + READ_RETRY_POLICY.retries);
	});

	// n8n's HTTP client reports the break as "stream has been aborted" with the 200 that came.
	test.each(READS)('$op gives up on an answer that keeps breaking off halfway, and says so', async ({ parameters, path }) => {
		rig.sandbox.injectFaults({ kind: 'brokenAnswer', count: 10 });
		const result = await rig.run(parameters, inputItems(1));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe("Segura's answer broke off while it was arriving");
		expect((result.error as NodeApiError).description).toMatch(/closed the connection partway through the answer/);
		expect(requestsTo(rig.sandbox, 'GET', path)).toHaveLength(1 + READ_RETRY_POLICY.retries);
	});

	test.each(READS.flatMap((read) => ['status500', 'errorTrue', 'malformed'].map((kind) => ({ ...read, kind: kind as FaultSpec['kind'] }))))(
		'$op is not retried on $kind (not a "try again" answer)',
		async ({ parameters, path, kind }) => {
			rig.sandbox.injectFaults({ kind, count: 1 });
			const result = await rig.run(parameters, inputItems(3), true);
			if (parameters.operation === 'get') {
				// One request per item: the first fails, the others read their session.
				expect(result.items).toHaveLength(3);
				expect(result.items[0].json.error).toEqual(expect.any(String));
				expect(result.items[0].pairedItem).toEqual({ item: 0 });
				expect(requestsTo(rig.sandbox, 'GET', path)).toHaveLength(3);
			} else {
				// One list per run: its failure answers every item, and it is asked for once.
				expect(result.items.map((item) => [typeof item.json.error, item.pairedItem])).toEqual(
					[0, 1, 2].map((item) => ['string', { item }]),
				);
				expect(requestsTo(rig.sandbox, 'GET', path)).toHaveLength(1);
			}
		},
	);
});

describe('Create and Terminate are never retried: exactly one request per item', () => {
	const NOT_RETRIED: Array<{ fault: string; inject: FaultSpec }> = [
		// Retry-After 0: a node that retried would do so at once, and the retry would succeed.
		{ fault: 'HTTP 429 + Retry-After: 0', inject: { kind: 'rateLimit429', retryAfterSeconds: 0 } },
		{ fault: 'HTML 502', inject: { kind: 'html502' } },
		{ fault: 'HTTP 503', inject: { kind: 'status503' } },
		{ fault: 'dropped connection', inject: { kind: 'drop' } },
		{ fault: `timeout (Timeout ${TIMEOUT_MS} ms)`, inject: { kind: 'timeout', hangMs: HANG_MS } },
		{ fault: 'HTTP 500', inject: { kind: 'status500' } },
	];

	test.each(NOT_RETRIED)('Create, $fault on every item', async ({ inject }) => {
		rig.sandbox.injectFaults({ ...inject, match: '/remote/session', count: 3 });
		const result = await rig.run({ ...CREATE, options: { timeout: TIMEOUT_MS } }, inputItems(3), true);
		tally.notRetriedCases++;
		tally.extraRequests += Math.max(0, rig.sandbox.counters.createAttempts - 3);
		expect(result.items.map((i) => [i.pairedItem, typeof i.json.error])).toEqual([0, 1, 2].map((item) => [{ item }, 'string']));
		expect(rig.sandbox.counters.createAttempts).toBe(3);
		expect(rig.sandbox.counters.creates).toBe(0);
		expect(createdSessions(rig.sandbox)).toHaveLength(0);
	});

	test.each(NOT_RETRIED)('Terminate, $fault on the middle item of a batch', async ({ inject }) => {
		const { sandbox } = rig;
		const opened = await rig.run(CREATE, inputItems(BATCH_SIZE));
		expect(opened.error).toBeUndefined();
		const hashes = createdSessions(sandbox).map((s) => s.session_id);
		expect(hashes).toHaveLength(BATCH_SIZE);

		rig.armAfter(FAULT_AT, 'DELETE', dropPath, () => sandbox.injectFaults({ ...inject, match: '/session/drop/', count: 1 }));
		const result = await rig.run(
			{ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: '={{ $json.hash }}', options: { timeout: TIMEOUT_MS } },
			hashes.map((hash) => ({ json: { hash } })),
			true,
		);
		const drops = requestsTo(sandbox, 'DELETE', dropPath);
		tally.notRetriedCases++;
		tally.extraRequests += Math.max(0, drops.length - BATCH_SIZE);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual(hashes.map((_, item) => ({ item })));
		result.items.forEach((item, index) => {
			if (index === FAULT_AT) {
				expect(item.json.error).toEqual(expect.any(String));
				expect(item.json.details).toEqual(expect.any(String));
			}
			else expect(item.json).toMatchObject({ terminated: true, session_id: hashes[index] });
		});
		expect(drops.map((d) => d.path.split('/').pop())).toEqual(hashes);
		expect(sandbox.counters.terminates).toBe(BATCH_SIZE - 1);
		// The session whose drop failed is still open; nothing else was touched.
		const open = createdSessions(sandbox).filter((s) => s.end === null).map((s) => s.session_id);
		expect(open).toEqual([hashes[FAULT_AT]]);
	});
});
