/**
 * Fault matrix: the real node in n8n-core's engine against the sandbox over HTTP, one fault
 * hitting one item in the middle of a batch, with Continue On Fail on and off; then which
 * operations retry (reads) and which never do (create, terminate).
 *
 * Invariants counted over the whole matrix: items lost = 0 (Continue On Fail on: one output item
 * per input item, paired to it) and duplicate sessions = 0 (sessions the sandbox created = items
 * that report a session).
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FaultSpec } from '../../sandbox';
import { DEFAULT_CONCURRENCY } from '../../nodes/SeguraRemoteSession/actions/common';
import { READ_RETRY_POLICY } from '../../nodes/SeguraRemoteSession/transport';
import {
	ACTIVE_SESSION_ID,
	CREATE,
	CREDENTIAL_ID,
	SEEDED_SESSION_COUNT,
	createPath,
	createdSessions,
	dropPath,
	gapMs,
	inputItems,
	requestsTo,
	startRig,
	type Rig,
} from './support';
import { printSummary } from './report';
import { delay, waitFor } from './wait';

/** Items per batch, and the index of the one the fault hits. */
const N = 5;
const FAULT_AT = 2;
/** The node's Timeout option for every run here; the `timeout` fault holds far longer. */
const TIMEOUT_MS = 300;
const HANG_MS = 3000;

interface FaultRow {
	fault: string;
	/** Applied to the create of item FAULT_AT (path-matched, so only that one request). */
	inject?: Omit<FaultSpec, 'match' | 'count'>;
	/** Instead of a fault: every issued token expires once item FAULT_AT - 1 is answered. */
	expireTokens?: boolean;
	/** What the failing item must say (message, then description). */
	message?: RegExp;
	description?: RegExp;
}

const FAULTS: FaultRow[] = [
	{ fault: 'HTTP 500', inject: { kind: 'status500' }, message: /^Unexpected error\.$/, description: /Try again later/ },
	{ fault: 'HTTP 500 not authorized', inject: { kind: 'notAuthorized' }, message: /not authorized to access/, description: /Web Proxy Session/ },
	{ fault: 'HTML 502', inject: { kind: 'html502' }, message: /^Segura answered HTTP 502 .*"502 Bad Gateway/, description: /reverse proxy/ },
	{ fault: 'HTTP 503', inject: { kind: 'status503' }, message: /^Segura answered HTTP 503 .*Service Temporarily Unavailable/, description: /temporarily unavailable/ },
	{ fault: 'HTTP 429 + Retry-After', inject: { kind: 'rateLimit429', retryAfterSeconds: 1 }, message: /^Too many requests\.$/, description: /limiting the request rate/ },
	{ fault: 'dropped connection', inject: { kind: 'drop' }, message: /connection .* was dropped/, description: /closed the connection/ },
	{ fault: `timeout (Timeout ${TIMEOUT_MS} ms)`, inject: { kind: 'timeout', hangMs: HANG_MS }, message: /did not answer within the timeout/, description: /raise the Timeout option/ },
	{ fault: 'malformed JSON', inject: { kind: 'malformed' }, message: /^Segura answered HTTP 200 with a body that is not JSON/, description: /./ },
	{ fault: 'HTTP 200 + response.error', inject: { kind: 'errorTrue' }, message: /^Unexpected error\.$/, description: /Try again later/ },
	{ fault: 'HTTP 504 timed out', inject: { kind: 'timedOut' }, message: /^Request timed out\.$/, description: /Timeout option/ },
	{ fault: 'token expires mid-batch', expireTokens: true },
];

const MODES = [
	{ mode: 'Continue On Fail on', continueOnFail: true },
	{ mode: 'Continue On Fail off', continueOnFail: false },
];

const tally = {
	cells: 0,
	itemsIn: 0,
	itemsLost: 0,
	duplicates: 0,
	faults: new Set<string>(),
	modes: new Set<string>(),
	readRetries: 0,
	minRetryAfterWaitMs: Infinity,
	notRetriedCases: 0,
	extraRequests: 0,
	orphans: 0,
};

let rig: Rig;
beforeAll(async () => {
	rig = await startRig();
});
afterAll(async () => {
	await rig.close();
	printSummary('reliability: fault matrix', [
		`create batch of ${N}, fault on item ${FAULT_AT}: ${tally.faults.size} faults x ${tally.modes.size} modes = ${tally.cells} cells`,
		`items in (batches that run to the end): ${tally.itemsIn}, items lost: ${tally.itemsLost}, duplicate sessions: ${tally.duplicates}`,
		`reads retried then succeeded: ${tally.readRetries} cases (shortest wait after Retry-After: 1 -> ${tally.minRetryAfterWaitMs} ms)`,
		`create/terminate under faults: ${tally.notRetriedCases} cases, requests beyond one per item: ${tally.extraRequests}`,
		`create answered after the Timeout: sessions Segura made that no item reports (orphans, not retried): ${tally.orphans}`,
	]);
});
beforeEach(() => rig.reset());

const sessionUrl = () => new RegExp(`^${rig.sandbox.baseUrl.replace(/[.]/g, '\\.')}/modulos/auth\\?_sr=`);
const isSuccess = (item: INodeExecutionData) => typeof item.json.session_url === 'string';

describe.each(MODES)('fault matrix, Create x $mode', ({ mode, continueOnFail }) => {
	test.each(FAULTS)('$fault', async (row) => {
		const { sandbox } = rig;
		rig.armAfter(FAULT_AT, 'POST', createPath, () => {
			if (row.expireTokens) sandbox.expireTokens();
			else sandbox.injectFaults({ ...row.inject!, match: '/remote/session', count: 1 });
		});
		const tokensBefore = sandbox.sessionTokens().length;
		const started = Date.now();
		const result = await rig.run({ ...CREATE, options: { timeout: TIMEOUT_MS } }, inputItems(N), continueOnFail);
		const elapsed = Date.now() - started;
		const faulted = !row.expireTokens;

		// Every create request of the run; a retried create would show as a second one for an item.
		const creates = requestsTo(sandbox, 'POST', createPath);
		const tokenRefused = creates.filter((r) => r.status === 401).length;
		const completes = continueOnFail || !faulted;

		// Counted before any assertion, so the summary shows what a failing cell did.
		// Lost: an input item with no output item paired to it. Duplicate: a session the sandbox
		// created beyond the items that report one (or, when the run stops, that came before the failure).
		const expectedSessions = completes ? result.items.filter(isSuccess).length : FAULT_AT;
		const pairedInputs = new Set(result.items.map((i) => (i.pairedItem as { item?: number } | undefined)?.item));
		if (completes) {
			tally.itemsIn += N;
			tally.itemsLost += inputItems(N).filter((_, index) => !pairedInputs.has(index)).length;
		}
		tally.duplicates += Math.max(0, sandbox.counters.creates - expectedSessions);
		tally.cells++;
		tally.faults.add(row.fault);
		tally.modes.add(mode);

		if (completes) {
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(N);
			result.items.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				if (faulted && index === FAULT_AT) {
					// n8n-core rewrites an item that carries `error` to { error: message } (normalizeNodeErrors);
					// the description (cause and fix) stays on the NodeApiError kept with the item.
					expect(item.json.error).toMatch(row.message!);
					expect(item.json.error).not.toMatch(/<[a-z]/i); // no raw HTML
					expect(Object.keys(item.json).sort()).toEqual(['details', 'error']);
					expect(item.json.details).toMatch(row.description!);
					expect(item.pairedItem).toEqual({ item: FAULT_AT });
				} else {
					expect(item.json.session_url).toMatch(sessionUrl());
					expect(item.error).toBeUndefined();
				}
			});
			expect(expectedSessions).toBe(faulted ? N - 1 : N);
			// Every item was sent exactly once (plus, after expiry, the one attempt n8n repeats on 401).
			expect(creates).toHaveLength(N + tokenRefused);
		} else {
			expect(result.error).toBeInstanceOf(NodeApiError);
			const error = result.error as NodeApiError;
			expect(error.context.itemIndex).toBe(FAULT_AT);
			expect(error.message).toMatch(row.message!);
			expect(error.description).toMatch(row.description!);
			expect(result.items).toEqual([]);
			expect(result.run.status).toBe('error');
			// Items before the failure got their session; the failing one was sent once; none after it.
			expect(creates).toHaveLength(FAULT_AT + 1);
		}

		expect(sandbox.counters.creates).toBe(expectedSessions);
		expect(createdSessions(sandbox)).toHaveLength(expectedSessions);
		if (completes) {
			// The session tokens handed out are exactly the ones the items report, once each.
			const reported = result.items.filter(isSuccess).map((i) => i.json.token);
			expect(new Set(reported).size).toBe(reported.length);
			expect([...reported].sort()).toEqual(sandbox.sessionTokens().slice(tokensBefore).sort());
		}

		if (row.expireTokens) {
			// The expired token is refused once; n8n fetches one new token and repeats that request.
			// Under n8n 1.x the refused answer is taken as it comes, then sent again the way that
			// makes n8n 1.x renew: refused twice, still one new token and one session per item.
			const refusals = N8N_LINE === 1 ? 2 : 1;
			expect(tokenRefused).toBe(refusals);
			expect(creates.map((r) => r.status)).toEqual([200, 200, ...Array(refusals).fill(401), 200, 200, 200]);
			expect(sandbox.counters.tokenRequests).toBe(2);
		} else {
			expect(tokenRefused).toBe(0);
			expect(creates[FAULT_AT].fault).toBe(row.inject!.kind);
			expect(sandbox.counters.tokenRequests).toBe(1);
		}
		if (row.inject?.kind === 'timeout') expect(elapsed).toBeLessThan(HANG_MS);

	});
});

describe(`creates in flight at the default Concurrency (${DEFAULT_CONCURRENCY}) when one fails, Continue On Fail off`, () => {
	test.each([
		{ fault: 'HTTP 500', inject: { kind: 'status500' } as FaultSpec },
		{ fault: 'HTML 502', inject: { kind: 'html502' } as FaultSpec },
	])('$fault: the run waits for them, retries nothing, and names every item that created a session', async ({ inject }) => {
		const { sandbox } = rig;
		const items = 3 * DEFAULT_CONCURRENCY;
		rig.armAfter(FAULT_AT, 'POST', createPath, () => sandbox.injectFaults({ ...inject, match: '/remote/session', count: 1 }));
		const result = await rig.run({ ...CREATE, options: { concurrency: DEFAULT_CONCURRENCY } }, inputItems(items));

		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		const done = error.context.itemsDone as number[];
		// Every session the appliance holds from this run is one the error names, and only those.
		expect(createdSessions(sandbox)).toHaveLength(done.length);
		expect(sandbox.counters.creates).toBe(done.length);
		expect(done.length).toBeGreaterThan(FAULT_AT);
		expect(error.description).toContain(`input items ${done.map((index) => index + 1).join(', ')} (counting from 1)`);
		// One request per item that started (the failed one included); none after the failure, none twice.
		expect(sandbox.counters.createAttempts).toBe(done.length + 1);
		expect(sandbox.counters.createAttempts).toBeLessThan(items);
	});
});

describe('a create Segura carried out but answered after the Timeout', () => {
	// The sandbox's drop and timeout faults store nothing. Here the appliance is only slow: it
	// creates the session after the node gave up. That is where a retry would open a second one.
	test('the item reports the timeout, is not retried, and the batch goes on', async () => {
		const { sandbox } = rig;
		const slowMs = 2 * TIMEOUT_MS;
		rig.armAfter(FAULT_AT, 'POST', createPath, () => sandbox.setLatency(slowMs));
		const running = rig.run({ ...CREATE, options: { timeout: TIMEOUT_MS } }, inputItems(N), true);
		// Item FAULT_AT has arrived (and started its slow answer): later items are answered at once.
		await waitFor(() => requestsTo(sandbox, 'POST', createPath).length > FAULT_AT);
		await delay(50);
		sandbox.setLatency(0);
		const result = await running;
		await delay(slowMs); // let the slow create finish on the sandbox side

		expect(result.items.map((i) => i.pairedItem)).toEqual(inputItems(N).map((_, item) => ({ item })));
		expect(result.items[FAULT_AT].json.error).toMatch(/did not answer within the timeout/);
		expect(result.items.filter(isSuccess)).toHaveLength(N - 1);
		// One request per item; N sessions: one is unknown to the workflow (an orphan), none is doubled.
		expect(sandbox.counters.createAttempts).toBe(N);
		expect(sandbox.counters.creates).toBe(N);
		tally.orphans += sandbox.counters.creates - result.items.filter(isSuccess).length;
		tally.duplicates += Math.max(0, sandbox.counters.createAttempts - N);
	});
});

describe('token endpoint faults: the item that needed the token fails clearly, the batch goes on', () => {
	// Create is never retried, so each fault's own effect shows; the next item fetches a token again.
	// n8n 1.x drops the token endpoint's answer body: there the status is what is left to report.
	const fromBody = (message: RegExp, status: number) => (N8N_LINE === 1 ? new RegExp(`^Segura answered HTTP ${status} `) : message);
	const TOKEN_FAULTS: Array<{ kind: FaultSpec['kind']; message: RegExp; poisonsCredential?: boolean }> = [
		{ kind: 'status500', message: fromBody(/^Unexpected error\.$/, 500) },
		{ kind: 'notAuthorized', message: fromBody(/not authorized to access/, 500) },
		{ kind: 'html502', message: /^Segura answered HTTP 502 / },
		{ kind: 'status503', message: /^Segura answered HTTP 503 / },
		{ kind: 'rateLimit429', message: fromBody(/^Too many requests\.$/, 429) },
		{ kind: 'drop', message: /connection .* was dropped/ },
		// n8n's token request has its own timeout (300 s): the node's Timeout does not reach it.
		{ kind: 'timeout', message: /connection .* was dropped/ },
		{ kind: 'malformed', message: /did not issue an access token/ },
		// A 200 without access_token: n8n-core stores that answer as the token and never fetches
		// another (its check is for a missing or empty access_token only), so every later item fails
		// too, without a request, until the credential is saved again. n8n's behaviour, not the node's.
		// n8n 1.x: the node took the API's answers as they came, so what failed first was the token.
		{ kind: 'errorTrue', message: N8N_LINE === 1 ? /did not issue an access token/ : /failed before an answer arrived/, poisonsCredential: true },
		{ kind: 'timedOut', message: fromBody(/^Request timed out\.$/, 504) },
	];

	test.each(TOKEN_FAULTS)('$kind on the token request', async ({ kind, message, poisonsCredential }) => {
		rig.sandbox.injectFaults({ kind, scope: 'token', count: 1, hangMs: 200, retryAfterSeconds: 0 });
		const result = await rig.run(CREATE, inputItems(3), true);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.error).toMatch(message);
		expect(result.items[0].json.details).toEqual(expect.any(String));
		const sessions = poisonsCredential ? 0 : 2;
		expect(result.items.filter(isSuccess)).toHaveLength(sessions);
		expect(rig.sandbox.counters.tokenRequests).toBe(poisonsCredential ? 1 : 2);
		expect(rig.sandbox.counters.createAttempts).toBe(sessions);
		expect(rig.sandbox.counters.creates).toBe(sessions);
	});

	test('stored token expired and its renewal refused (client secret rotated): says so, once', async () => {
		const first = await rig.run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
		expect(first.error).toBeUndefined();
		const { oauthTokenData } = rig.engine.getCredentialData(CREDENTIAL_ID);
		rig.sandbox.expireTokens();
		rig.setCredential({ clientSecret: 'rotated-away', oauthTokenData });
		const result = await rig.run(CREATE, inputItems(2));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(/did not issue an access token/);
		expect((result.error as NodeApiError).description).toMatch(/Client Secret/);
		expect((result.error as NodeApiError).context.itemIndex).toBe(0);
		// One refused create (n8n 1.x: the same create twice, see "token expires mid-batch"), one
		// refused renewal; nothing created, nothing retried.
		expect(rig.sandbox.counters.createAttempts).toBe(N8N_LINE === 1 ? 2 : 1);
		expect(rig.sandbox.counters.tokenFailures).toBe(1);
		expect(rig.sandbox.counters.creates).toBe(0);
	});
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
			[inject.kind, inject.kind === 'drop' ? null : expect.any(Number)],
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
		const opened = await rig.run(CREATE, inputItems(N));
		expect(opened.error).toBeUndefined();
		const hashes = createdSessions(sandbox).map((s) => s.session_id);
		expect(hashes).toHaveLength(N);

		rig.armAfter(FAULT_AT, 'DELETE', dropPath, () => sandbox.injectFaults({ ...inject, match: '/session/drop/', count: 1 }));
		const result = await rig.run(
			{ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: '={{ $json.hash }}', options: { timeout: TIMEOUT_MS } },
			hashes.map((hash) => ({ json: { hash } })),
			true,
		);
		const drops = requestsTo(sandbox, 'DELETE', dropPath);
		tally.notRetriedCases++;
		tally.extraRequests += Math.max(0, drops.length - N);
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
		expect(sandbox.counters.terminates).toBe(N - 1);
		// The session whose drop failed is still open; nothing else was touched.
		const open = createdSessions(sandbox).filter((s) => s.end === null).map((s) => s.session_id);
		expect(open).toEqual([hashes[FAULT_AT]]);
	});
});
