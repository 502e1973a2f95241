/**
 * The Segura Credential node with canned answers: what Check Out sends and outputs (password only
 * where asked, never to an AI model unless the builder asks), Check In's path and its outcomes, Get
 * Many's filters, and the endpoint table's rule that no DELETE goes to a credential itself.
 */
import { randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS, pathOf, type ApiFamily } from '../../nodes/Segura/model/endpoints';
import { envelope, ok, runNode } from './mock-context';

const TOOL_TYPE = 'n8n-nodes-segura.seguraCredentialTool';
// A password made at run time, as the sandbox makes them.
const CREDENTIAL = { id: '97', username: 'dbadmin', password: `Sg-${randomBytes(10).toString('hex')}`, content: '', hostname: 'db-prod-01', expiration_time: '2026-12-31 18:00:00' };
const checkOut = (extra: Record<string, unknown> = {}) => ({ resource: 'credential', operation: 'checkOut', checkOutBy: 'credentialId', credentialId: '97', ...extra });
const checkedOut = () => ok({ credential: CREDENTIAL });

describe('Check Out', () => {
	it('sends one GET to …/pam/credential/{id} and outputs the fields, the password and expires_at in ISO 8601 (appliance time zone)', async () => {
		const { output, requests } = await runNode({ parameters: checkOut({ options: { timezone: 'America/Sao_Paulo' } }), answers: [checkedOut()] });
		expect(requests.map((r) => [r.method, r.url])).toEqual([['GET', 'https://segura.example.com/iso/pam/credential/97']]);
		expect(output?.[0].json).toEqual({ ...CREDENTIAL, expires_at: '2026-12-31T21:00:00.000Z' });
	});

	it('by username and device: the path carries username@hostname, URL-encoded', async () => {
		const { requests } = await runNode({ parameters: checkOut({ checkOutBy: 'usernameAndDevice', username: 'CORP\\svc rdp', device: 'win-jump-01' }), answers: [checkedOut()] });
		expect(requests[0].url).toBe('https://segura.example.com/iso/pam/credential/CORP%5Csvc%20rdp%40win-jump-01');
	});

	it('a username with "@" is refused before anything is sent, with the fix: the ID', async () => {
		const { error, requests } = await runNode({ parameters: checkOut({ checkOutBy: 'usernameAndDevice', username: 'svc@corp.example', device: 'db-prod-01' }) });
		expect(requests).toHaveLength(0);
		expect(error?.message).toBe('Invalid parameter: Username (username) must not contain "@": Segura cannot find it in the username@hostname form. Check Out By Credential ID instead (Get Many lists the id)');
	});

	it.each([
		['workflow node, option not added: password and content output', undefined, undefined, true],
		['workflow node, option off: neither', undefined, false, false],
		['AI tool, option not added: neither reaches the model', TOOL_TYPE, undefined, false],
		['AI tool, option added and on: the builder asked for the password', TOOL_TYPE, true, true],
		['AI tool, option added and off: neither', TOOL_TYPE, false, false],
	])('%s', async (_case, nodeType, includePassword, expected) => {
		const options = includePassword === undefined ? {} : { includePassword };
		const { output } = await runNode({ parameters: checkOut({ options }), nodeType, answers: [checkedOut()] });
		expect(output?.[0].json.username).toBe('dbadmin');
		expect('password' in (output?.[0].json ?? {})).toBe(expected);
		expect('content' in (output?.[0].json ?? {})).toBe(expected);
	});

	it('Add Helper Fields off: Segura\'s fields only; no expiration: expires_at null', async () => {
		const off = await runNode({ parameters: checkOut({ options: { addHelperFields: false } }), answers: [checkedOut()] });
		expect(off.output?.[0].json).not.toHaveProperty('expires_at');
		const never = await runNode({ parameters: checkOut(), answers: [ok({ credential: { ...CREDENTIAL, expiration_time: null } })] });
		expect(never.output?.[0].json.expires_at).toBeNull();
	});

	it('an answer without a credential is an error naming the shape, not an empty item', async () => {
		const { error } = await runNode({ parameters: checkOut(), answers: [ok({})] });
		expect(error?.message).toMatch(/^Segura's answer to Check Out does not have the documented shape: credential/);
	});
});

describe('Check In', () => {
	const checkIn = (options: Record<string, unknown> = {}) => ({ resource: 'credential', operation: 'checkIn', credentialId: '97', options });
	const notHeld = { status: 400, body: { ...envelope({}, 400, '1018: The credential is not in the user custody'), exception: { code: 1018, message: '1018: The credential is not in the user custody' } } };

	it('DELETE …/pam/credential/custody/{id}, never …/pam/credential/{id}; the output says what was released', async () => {
		const { output, requests } = await runNode({ parameters: checkIn(), answers: [ok({ response: { status: 200, message: 'Credential custody 97 released', error: false } })] });
		expect(requests.map((r) => [r.method, r.url])).toEqual([['DELETE', 'https://segura.example.com/iso/pam/credential/custody/97']]);
		expect(output?.[0].json).toEqual({ id: '97', released: true, message: 'Credential custody 97 released' });
	});

	it('1018 is an error with the fix; with Ignore If Not Checked Out, an item with released: false', async () => {
		const refused = await runNode({ parameters: checkIn(), answers: [notHeld] });
		expect(refused.error?.message).toBe('1018: The credential is not in the user custody');
		expect(refused.error?.description).toMatch(/Ignore If Not Checked Out.*For Check In: nothing was released\.$/s);
		const ignored = await runNode({ parameters: checkIn({ ignoreIfNotCheckedOut: true }), answers: [notHeld] });
		expect(ignored.output?.[0].json).toEqual({ id: '97', released: false, message: expect.stringMatching(/^Not checked out: this application held no custody of credential 97/) });
	});

	it('a lost answer: sent once more; a 1018 then counts as released', async () => {
		const { output, requests } = await runNode({ parameters: checkIn(), answers: [{ networkError: 'ECONNRESET' }, notHeld] });
		expect(requests).toHaveLength(2);
		expect(output?.[0].json).toMatchObject({ id: '97', released: true, message: expect.stringMatching(/^Released: Segura's answer to the release was lost/) });
	});

	it('an answer that came back (HTTP 500, 502) is never sent again', async () => {
		for (const status of [500, 502]) {
			const { error, requests } = await runNode({ parameters: checkIn(), answers: [{ status, body: envelope({}, status, 'Unexpected error') }] });
			expect(requests).toHaveLength(1);
			expect(error?.description).toMatch(/nothing was released/);
		}
	});
});

describe('Get Many', () => {
	const listed = ok({
		credentials: [
			{ id: '94', username: 'usrsudonopass', hostname: 'linux-srv-01', management_ip: '10.66.33.17', type: 'Local User' },
			{ id: '96', username: 'deploy-key', hostname: 'linux-srv-01', management_ip: '10.66.33.17', type: 'SSH Key' },
			{ id: '97', username: 'dbadmin', hostname: 'db-prod-01', management_ip: '10.66.33.18', type: 'Local User' },
		],
	});
	const getMany = (filters: Record<string, unknown>, extra: Record<string, unknown> = { returnAll: true }) => ({ resource: 'credential', operation: 'getMany', filters, ...extra });

	it.each([
		[{ device: '10.66.33.17' }, ['94', '96']],
		[{ device: 'DB-PROD-01' }, ['97']],
		[{ username: 'dbadmin' }, ['97']],
		[{ type: 'ssh key' }, ['96']],
		[{ device: 'linux-srv-01', type: 'Local User' }, ['94']],
		[{}, ['94', '96', '97']],
	])('filters %j → %j', async (filters, ids) => {
		const { output } = await runNode({ parameters: getMany(filters), answers: [listed] });
		expect(output?.map((item) => item.json.id)).toEqual(ids);
	});

	it('Limit, and one list request for every item of the run', async () => {
		const { output, requests } = await runNode({ parameters: getMany({}, { returnAll: false, limit: 1 }), items: 3, answers: [listed] });
		expect(requests).toHaveLength(1);
		expect(output?.map((item) => item.json.id)).toEqual(['94', '94', '94']);
	});
});

describe('the endpoint table', () => {
	it('sends DELETE only to …/custody/{id} and …/session/drop/{id}: never to a credential itself, which deactivates it', () => {
		const families: ApiFamily[] = ['a2a', 'pamCore', 'api'];
		const deletes = Object.entries(ENDPOINTS).filter(([, definition]) => definition.method === 'DELETE');
		for (const [endpoint] of deletes) {
			for (const family of families) expect(pathOf(family, endpoint as keyof typeof ENDPOINTS)).toMatch(/\/(credential\/custody|session\/drop)\/\{id\}$/);
		}
		expect(deletes.map(([name]) => name).sort()).toEqual(['dropSession', 'releaseCustody']);
	});
});

describe('what each failure says, and what it does not take for a success', () => {
	const denied = { status: 500, body: envelope({}, 500, 'You are not authorized to access this resource.') };
	const notFound = { status: 400, body: { ...envelope({}, 400, '1007: Credential not found'), exception: { code: 1007, message: '1007: Credential not found' } } };
	const dropped = { networkError: 'ECONNRESET' as const };
	const checkIn = (options: Record<string, unknown> = {}) => ({ resource: 'credential', operation: 'checkIn', credentialId: '97', options });
	const getMany = { resource: 'credential', operation: 'getMany', returnAll: true };

	it('an authorization without credentials names the permission to grant, in every operation', async () => {
		for (const parameters of [checkOut(), checkIn(), getMany]) {
			const { error } = await runNode({ parameters, answers: [denied] });
			expect(error?.message).toBe('Segura does not let this application read its credentials');
			expect(error?.description).toMatch(/^Segura answered "You are not authorized to access this resource\.": nothing was (checked out|released|listed)\. The A2A authorization of this application lacks access to credentials \(PAM Core: Credentials and Devices\)\. Ask a Segura administrator/);
		}
	});

	it('says what was not done after an answer, and what may have been done without one', async () => {
		const cases: Array<[IDataObject, unknown[], RegExp]> = [
			[checkOut(), [notFound], / For Check Out: nothing was checked out\.$/],
			[getMany, [notFound], / For Get Many: nothing was listed\.$/],
			[checkOut(), [dropped, dropped, dropped, dropped], / Segura may have recorded the check-out before the answer was lost: Check In this credential \(with Ignore If Not Checked Out on\) to be sure nothing stays in custody\.$/],
			[checkIn(), [dropped, dropped], / Segura may or may not have released custody: run Check In again with Ignore If Not Checked Out on; it then succeeds either way\.$/],
			[getMany, [dropped, dropped, dropped, dropped], / nothing was listed\.$/],
		];
		for (const [parameters, answers, description] of cases) {
			const { error } = await runNode({ parameters, answers: answers as never });
			expect(error?.description).toMatch(description);
		}
	});

	it('Ignore If Not Checked Out forgives 1018 only; after a lost answer only a 1018 counts as released', async () => {
		const unknown = await runNode({ parameters: checkIn({ ignoreIfNotCheckedOut: true }), answers: [notFound] });
		expect(unknown.error?.message).toBe('1007: Credential not found');
		const lostThenUnknown = await runNode({ parameters: checkIn(), answers: [dropped, notFound] });
		expect(lostThenUnknown.error?.message).toBe('1007: Credential not found');
		expect(lostThenUnknown.output).toBeUndefined();
	});

	it('a release without a message still says what was released', async () => {
		const { output } = await runNode({ parameters: checkIn(), answers: [ok({ response: { status: 200, error: false } })] });
		expect(output?.[0].json).toEqual({ id: '97', released: true, message: 'Custody of credential 97 released' });
	});

	it('a value not given is named as received: nothing', async () => {
		for (const parameters of [
			{ resource: 'credential', operation: 'checkIn' },
			{ resource: 'credential', operation: 'checkOut', checkOutBy: 'credentialId' },
			{ resource: 'credential', operation: 'checkOut', checkOutBy: 'usernameAndDevice', device: 'db-prod-01' },
			{ resource: 'credential', operation: 'checkOut', checkOutBy: 'usernameAndDevice', username: 'dbadmin' },
		]) {
			const { error, requests } = await runNode({ parameters });
			expect(requests).toHaveLength(0);
			expect(error?.description).toMatch(/^Received ""\. Nothing was sent to Segura\./);
		}
	});

	it('Get Many: Return All returns every credential, its default is a limit of 50, an odd answer is named', async () => {
		const many = ok({ credentials: Array.from({ length: 60 }, (_, i) => ({ id: String(i + 1), username: `u${i}` })) });
		const all = await runNode({ parameters: getMany, answers: [many] });
		expect(all.output).toHaveLength(60);
		const byDefault = await runNode({ parameters: { resource: 'credential', operation: 'getMany' }, answers: [many] });
		expect(byDefault.output).toHaveLength(50);
		const odd = await runNode({ parameters: getMany, answers: [ok({ devices: [] })] });
		expect(odd.error?.message).toMatch(/^Segura's answer to Get Many does not have the documented shape/);
	});

	it('Get Many: the list is read once per run, a failed read too: every item reports it after one request', async () => {
		const listed = ok({ credentials: [{ id: '94', username: 'usrsudonopass' }] });
		const { output, requests } = await runNode({ parameters: getMany, items: 2, continueOnFail: true, answers: [notFound, listed] });
		expect(requests).toHaveLength(1);
		expect(output?.map((item) => item.json.id ?? item.json.error)).toEqual(['1007: Credential not found', '1007: Credential not found']);
	});
});
