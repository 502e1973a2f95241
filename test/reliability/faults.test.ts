/**
 * Fault matrix on Create: the real node in n8n-core's engine against the sandbox over HTTP, one
 * fault hitting one item in the middle of a batch, with Continue On Fail on and off; then the
 * creates in flight when one fails, and a create Segura carried out after the node gave up.
 * Retries are in faults-retry.test.ts, token endpoint faults in faults-token.test.ts.
 *
 * Invariants counted over the whole matrix: items lost = 0 (Continue On Fail on: one output item
 * per input item, paired to it) and duplicate sessions = 0 (sessions the sandbox created = items
 * that report a session).
 */
import { NodeApiError } from 'n8n-workflow';

import type { FaultSpec, RecordedRequest } from '../../sandbox';
import { DEFAULT_CONCURRENCY } from '../../nodes/Segura/model/options';
import type { RunResult } from '../harness/engine';
import {
	BATCH_SIZE,
	CREATE,
	FAULT_AT,
	HANG_MS,
	TIMEOUT_MS,
	createPath,
	createdSessions,
	inputItems,
	isSuccess,
	requestsTo,
	useRig,
	type Rig,
} from './support';
import { delay, waitFor } from './wait';

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
	orphans: 0,
};

let rig: Rig;
useRig((started) => (rig = started), {
	title: 'reliability: fault matrix',
	lines: () => [
		`create batch of ${BATCH_SIZE}, fault on item ${FAULT_AT}: ${tally.faults.size} faults x ${tally.modes.size} modes = ${tally.cells} cells`,
		`items in (batches that run to the end): ${tally.itemsIn}, items lost: ${tally.itemsLost}, duplicate sessions: ${tally.duplicates}`,
		`create answered after the Timeout: sessions Segura made that no item reports (orphans, not retried): ${tally.orphans}`,
	],
});

const sessionUrl = () => new RegExp(`^${rig.sandbox.baseUrl.replace(/[.]/g, '\\.')}/modulos/auth\\?_sr=`);

describe.each(MODES)('fault matrix, Create x $mode', ({ mode, continueOnFail }) => {
	test.each(FAULTS)('$fault', async (row) => {
		const cell = await runCell(row, continueOnFail);
		// Counted before any assertion, so the summary shows what a failing cell did.
		countCell(cell, row, mode);

		if (cell.completes) expectBatchCompleted(cell, row);
		else expectRunStopped(cell, row);
		expectSessionsAsReported(cell);
		if (row.expireTokens) expectOneTokenRenewal(cell);
		else expectFaultOnItem(cell, row);
		if (row.inject?.kind === 'timeout') expect(cell.elapsed).toBeLessThan(HANG_MS);
	});
});

/** What one cell of the matrix did, read from the run and the sandbox right after it. */
interface Cell {
	result: RunResult;
	elapsed: number;
	/** A fault hit a create (false for the token expiry row). */
	faulted: boolean;
	/** The batch ran to the end: Continue On Fail on, or no item failed. */
	completes: boolean;
	/** Every create request of the run; a retried create would show as a second one for an item. */
	creates: RecordedRequest[];
	/** Creates the sandbox answered 401 (token refused). */
	tokenRefused: number;
	/** Session tokens the sandbox had handed out before the run. */
	tokensBefore: number;
	/** Sessions the sandbox should hold: one per item reporting one, or, when the run stops, per item before it. */
	expectedSessions: number;
}

/** Arms the row's fault after item FAULT_AT - 1 is answered, then runs the batch of creates. */
async function runCell(row: FaultRow, continueOnFail: boolean): Promise<Cell> {
	const { sandbox } = rig;
	rig.armAfter(FAULT_AT, 'POST', createPath, () => {
		if (row.expireTokens) sandbox.expireTokens();
		else sandbox.injectFaults({ ...row.inject!, match: '/remote/session', count: 1 });
	});
	const tokensBefore = sandbox.sessionTokens().length;
	const started = Date.now();
	const result = await rig.run({ ...CREATE, options: { timeout: TIMEOUT_MS } }, inputItems(BATCH_SIZE), continueOnFail);
	const elapsed = Date.now() - started;
	const faulted = !row.expireTokens;
	const creates = requestsTo(sandbox, 'POST', createPath);
	const tokenRefused = creates.filter((r) => r.status === 401).length;
	const completes = continueOnFail || !faulted;
	const expectedSessions = completes ? result.items.filter(isSuccess).length : FAULT_AT;
	return { result, elapsed, faulted, completes, creates, tokenRefused, tokensBefore, expectedSessions };
}

/**
 * Lost: an input item with no output item paired to it. Duplicate: a session the sandbox
 * created beyond the items that report one (or, when the run stops, that came before the failure).
 */
function countCell({ result, completes, expectedSessions }: Cell, row: FaultRow, mode: string): void {
	const pairedInputs = new Set(result.items.map((i) => (i.pairedItem as { item?: number } | undefined)?.item));
	if (completes) {
		tally.itemsIn += BATCH_SIZE;
		tally.itemsLost += inputItems(BATCH_SIZE).filter((_, index) => !pairedInputs.has(index)).length;
	}
	tally.duplicates += Math.max(0, rig.sandbox.counters.creates - expectedSessions);
	tally.cells++;
	tally.faults.add(row.fault);
	tally.modes.add(mode);
}

/** One output item per input item, paired to it: the failing one says why, the others have their session. */
function expectBatchCompleted({ result, faulted, creates, tokenRefused, expectedSessions }: Cell, row: FaultRow): void {
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(BATCH_SIZE);
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
	expect(expectedSessions).toBe(faulted ? BATCH_SIZE - 1 : BATCH_SIZE);
	// Every item was sent exactly once (plus, after expiry, the one attempt n8n repeats on 401).
	expect(creates).toHaveLength(BATCH_SIZE + tokenRefused);
}

/** Continue On Fail off: the run fails on item FAULT_AT with the row's error, and outputs nothing. */
function expectRunStopped({ result, creates }: Cell, row: FaultRow): void {
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

/** The sandbox holds exactly the expected sessions (no duplicates), and the items report them. */
function expectSessionsAsReported({ result, completes, tokensBefore, expectedSessions }: Cell): void {
	const { sandbox } = rig;
	expect(sandbox.counters.creates).toBe(expectedSessions);
	expect(createdSessions(sandbox)).toHaveLength(expectedSessions);
	if (completes) {
		// The session tokens handed out are exactly the ones the items report, once each.
		const reported = result.items.filter(isSuccess).map((i) => i.json.token);
		expect(new Set(reported).size).toBe(reported.length);
		expect([...reported].sort()).toEqual(sandbox.sessionTokens().slice(tokensBefore).sort());
	}
}

/**
 * The expired token is refused once; n8n fetches one new token and repeats that request.
 * Under n8n 1.x the refused answer is taken as it comes, then sent again the way that
 * makes n8n 1.x renew: refused twice, still one new token and one session per item.
 */
function expectOneTokenRenewal({ creates, tokenRefused }: Cell): void {
	const refusals = N8N_LINE === 1 ? 2 : 1;
	expect(tokenRefused).toBe(refusals);
	expect(creates.map((r) => r.status)).toEqual([200, 200, ...Array(refusals).fill(401), 200, 200, 200]);
	expect(rig.sandbox.counters.tokenRequests).toBe(2);
}

/** The injected fault met the create of item FAULT_AT, and the run's one token was never refused. */
function expectFaultOnItem({ creates, tokenRefused }: Cell, row: FaultRow): void {
	expect(tokenRefused).toBe(0);
	expect(creates[FAULT_AT].fault).toBe(row.inject!.kind);
	expect(rig.sandbox.counters.tokenRequests).toBe(1);
}

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
		const running = rig.run({ ...CREATE, options: { timeout: TIMEOUT_MS } }, inputItems(BATCH_SIZE), true);
		// Item FAULT_AT has arrived (and started its slow answer): later items are answered at once.
		await waitFor(() => requestsTo(sandbox, 'POST', createPath).length > FAULT_AT);
		await delay(50);
		sandbox.setLatency(0);
		const result = await running;
		await delay(slowMs); // let the slow create finish on the sandbox side

		expect(result.items.map((i) => i.pairedItem)).toEqual(inputItems(BATCH_SIZE).map((_, item) => ({ item })));
		expect(result.items[FAULT_AT].json.error).toMatch(/did not answer within the timeout/);
		expect(result.items.filter(isSuccess)).toHaveLength(BATCH_SIZE - 1);
		// One request per item; BATCH_SIZE sessions: one is unknown to the workflow (an orphan), none is doubled.
		expect(sandbox.counters.createAttempts).toBe(BATCH_SIZE);
		expect(sandbox.counters.creates).toBe(BATCH_SIZE);
		tally.orphans += sandbox.counters.creates - result.items.filter(isSuccess).length;
		tally.duplicates += Math.max(0, sandbox.counters.createAttempts - BATCH_SIZE);
	});
});
