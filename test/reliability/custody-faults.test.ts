/**
 * Custody under faults, over HTTP in n8n's engine: Check Out is retried as reads are (a repeat read
 * while held changes nothing); Check In is sent again only when no answer came back, and a repeat
 * that answers "not in custody" (1018) after a lost answer counts as released. After every case the
 * error branch's Check In (Ignore If Not Checked Out) leaves nothing held, and no item ever says
 * "released" while the sandbox still holds the credential.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { FaultSpec, Sandbox } from '../../sandbox';
import type { Engine } from '../harness/engine';
import { addCredential, CUSTODY_TYPE, descriptionOf, items, json, sandbox, seguraEngine } from '../integration/setup';
import { printSummary } from './report';


const CHECK_OUT: INodeParameters = { resource: 'credential', operation: 'checkOut', checkOutBy: 'credentialId', credentialId: '94', options: { timeout: 500 } };
const checkIn = (options: INodeParameters = {}): INodeParameters => ({ resource: 'credential', operation: 'checkIn', credentialId: '94', options: { timeout: 500, ...options } });
const held = (box: Sandbox) => Object.keys(box.custody().held).length;
const requestsTo = (box: Sandbox, method: string, pattern: RegExp) => box.requests.filter((r) => r.method === method && pattern.test(r.path)).length;

const tally = { cases: 0, heldAfterErrorBranch: 0, falseReleased: 0 };
let box: Sandbox;
let engine: Engine;
let credentials: ReturnType<typeof addCredential>;
const run = async (parameters: INodeParameters) => await engine.runNode({ nodeType: CUSTODY_TYPE, parameters, credentials, items: items({}) });

beforeAll(async () => {
	box = await sandbox();
	engine = seguraEngine();
	credentials = addCredential(engine, box, { apiPaths: 'pamCore' });
});
beforeEach(() => box.reset());
afterEach(async () => {
	// The error branch of the example workflow: check in whatever may still be held.
	const branch = await run(checkIn({ ignoreIfNotCheckedOut: true }));
	expect(branch.error).toBeUndefined();
	tally.cases++;
	tally.heldAfterErrorBranch += held(box);
	expect(held(box)).toBe(0);
	expect(box.custody().deactivated).toEqual([]);
});
afterAll(async () => {
	await box.close();
	printSummary('reliability: custody under faults', [
		`${tally.cases} cases; custody left held after the error branch: ${tally.heldAfterErrorBranch}; false "released": ${tally.falseReleased}`,
	]);
});

/** A Check In item that says released while the sandbox still holds the credential is a false success. */
function countFalseReleased(output: ReturnType<typeof json>): void {
	if (output.some((item) => item.released === true) && held(box) > 0) tally.falseReleased++;
}

describe('Check In', () => {
	const CASES: Array<{ fault: string; inject: FaultSpec; sent: number; released: boolean | 'error'; message?: RegExp }> = [
		{ fault: 'the answer is lost after Segura released (lostAnswer)', inject: { kind: 'lostAnswer' }, sent: 2, released: true, message: /^Released: Segura's answer to the release was lost/ },
		{ fault: 'the connection drops before Segura acts (drop)', inject: { kind: 'drop' }, sent: 2, released: true, message: /^Credential custody 94 released$/ },
		{ fault: 'no answer within the Timeout (timeout)', inject: { kind: 'timeout', hangMs: 2000 }, sent: 2, released: true, message: /^Credential custody 94 released$/ },
		{ fault: 'HTTP 500', inject: { kind: 'status500' }, sent: 1, released: 'error' },
		{ fault: 'HTML 502 from a proxy', inject: { kind: 'html502' }, sent: 1, released: 'error' },
		{ fault: 'HTTP 503', inject: { kind: 'status503' }, sent: 1, released: 'error' },
	];

	test.each(CASES)('$fault: sent $sent time(s), released: $released', async ({ inject, sent, released, message }) => {
		expect((await run(CHECK_OUT)).error).toBeUndefined();
		box.injectFaults({ ...inject, match: '/custody/', count: 1 });
		const result = await run(checkIn());
		expect(requestsTo(box, 'DELETE', /\/custody\/94$/)).toBe(sent);
		if (released === 'error') {
			expect(result.error?.message).toBeDefined();
			expect(descriptionOf(result.error)).toMatch(/nothing was released/);
			expect(held(box)).toBe(1);
		} else {
			expect(json(result.items)).toEqual([{ id: '94', released, message: expect.stringMatching(message as RegExp) }]);
			countFalseReleased(json(result.items));
			expect(held(box)).toBe(0);
		}
	});

	test('two lost answers in a row: an error that says the release may have happened, never "released"', async () => {
		expect((await run(CHECK_OUT)).error).toBeUndefined();
		box.injectFaults({ kind: 'drop', match: '/custody/', count: 2 });
		const result = await run(checkIn());
		expect(result.error?.message).toBe('The connection to the Segura appliance was dropped before it answered');
		expect(descriptionOf(result.error)).toMatch(/may or may not have released custody: run Check In again with Ignore If Not Checked Out on/);
		expect(held(box)).toBe(1);
	});
});

describe('Check Out', () => {
	const CASES: Array<{ fault: string; inject: FaultSpec; sent: number; ok: boolean }> = [
		{ fault: 'the answer is lost after Segura took custody (lostAnswer)', inject: { kind: 'lostAnswer' }, sent: 2, ok: true },
		{ fault: 'the connection drops (drop)', inject: { kind: 'drop' }, sent: 2, ok: true },
		{ fault: 'HTML 502 from a proxy', inject: { kind: 'html502' }, sent: 2, ok: true },
		{ fault: 'HTTP 503', inject: { kind: 'status503' }, sent: 2, ok: true },
		{ fault: 'HTTP 500', inject: { kind: 'status500' }, sent: 1, ok: false },
	];

	test.each(CASES)('$fault: sent $sent time(s)', async ({ inject, sent, ok }) => {
		box.injectFaults({ ...inject, match: '/credential/94', count: 1 });
		const result = await run(CHECK_OUT);
		expect(requestsTo(box, 'GET', /\/credential\/94$/)).toBe(sent);
		if (ok) {
			expect(json(result.items)[0]).toMatchObject({ id: '94', password: expect.any(String) });
			expect(box.custody().held).toEqual({ 94: [box.clientId] });
		} else {
			expect(descriptionOf(result.error)).toMatch(/nothing was checked out/);
			expect(held(box)).toBe(0);
		}
	});

	test('every answer lost: the error says Segura may hold a custody and how to release it', async () => {
		box.injectFaults({ kind: 'lostAnswer', match: '/credential/94', count: 4 });
		const result = await run(CHECK_OUT);
		expect(descriptionOf(result.error)).toMatch(/may have recorded the check-out before the answer was lost: Check In this credential \(with Ignore If Not Checked Out on\)/);
		expect(held(box)).toBe(1);
	});
});
