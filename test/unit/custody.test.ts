/**
 * The Segura Credential node with canned answers: what Check Out sends and outputs (password only
 * where asked, never to an AI model unless the builder asks), Check In's path and its outcomes, Get
 * Many's filters, and the endpoint table's rule that no DELETE goes to a credential itself.
 */
import { randomBytes } from 'node:crypto';

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
