/**
 * Segura Credential in n8n's engine over real HTTP, in every sandbox profile with API Paths Auto:
 * check out by id and by username@hostname, check in, the numbered errors, Get Many and its
 * filters. After each profile the sandbox's state shows no credential deactivated.
 */
import type { INodeParameters } from 'n8n-workflow';

import { PROFILES, type ProfileName, type Sandbox } from '../../sandbox';
import type { Engine } from '../harness/engine';
import { addCredential, CUSTODY_TYPE, descriptionOf, items, json, sandbox, seguraEngine } from './setup';


const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

const checkOut = (credentialId: string, options: INodeParameters = {}): INodeParameters => ({ resource: 'credential', operation: 'checkOut', checkOutBy: 'credentialId', credentialId, options });
const checkIn = (credentialId: string, options: INodeParameters = {}): INodeParameters => ({ resource: 'credential', operation: 'checkIn', credentialId, options });

describe.each(PROFILE_NAMES)('%s', (profile) => {
	let box: Sandbox;
	let engine: Engine;
	let credentials: ReturnType<typeof addCredential>;
	const basicOnly = !PROFILES[profile].clientAuthentication.includes('body');
	const run = (parameters: INodeParameters, continueOnFail = false) =>
		engine.runNode({ nodeType: CUSTODY_TYPE, parameters, credentials, items: items({}), continueOnFail });

	beforeAll(async () => {
		box = await sandbox({ profile });
		engine = seguraEngine();
		credentials = addCredential(engine, box, { apiPaths: 'auto', authentication: basicOnly ? 'header' : 'body' });
	});
	beforeEach(() => box.reset());
	afterEach(() => expect(box.custody().deactivated).toEqual([]));
	afterAll(async () => await box.close());

	test(`${profile} × check out by id, then check in: custody taken and released, the password rotated where automatic change is on`, async () => {
		const out = await run(checkOut('94'));
		expect(out.error).toBeUndefined();
		const [credential] = json(out.items);
		expect(credential).toMatchObject({ id: '94', username: 'usrsudonopass', hostname: 'linux-srv-01', expires_at: null });
		expect(box.credentialSecrets()).toContain(credential.password);
		expect(box.custody().held).toEqual({ 94: [box.clientId] });

		const back = await run(checkIn('94'));
		expect(json(back.items)).toEqual([{ id: '94', released: true, message: 'Credential custody 94 released' }]);
		expect(box.custody()).toMatchObject({ held: {}, counters: { checkOuts: 1, releases: 1, rotations: 1, deactivations: 0 } });
		const again = await run(checkOut('94'));
		expect(json(again.items)[0].password).not.toBe(credential.password);
	});

	test(`${profile} × check out by username and device; an SSH key's content is output as a secret`, async () => {
		const byName = await run({ resource: 'credential', operation: 'checkOut', checkOutBy: 'usernameAndDevice', username: 'deploy-key', device: 'linux-srv-01' });
		expect(byName.error).toBeUndefined();
		const [key] = json(byName.items);
		expect(key).toMatchObject({ id: '96', username: 'deploy-key' });
		expect(String(key.content)).toContain('PRIVATE KEY');
		expect(box.credentialSecrets()).toContain(key.content);
	});

	test(`${profile} × Include Password off: neither password nor content`, async () => {
		const out = await run(checkOut('96', { includePassword: false }));
		expect(json(out.items)[0]).not.toHaveProperty('password');
		expect(json(out.items)[0]).not.toHaveProperty('content');
		expect(box.custody().held).toEqual({ 96: [box.clientId] });
	});

	test(`${profile} × check in what is not held: 1018 as an error naming the fix, or a success item with Ignore If Not Checked Out`, async () => {
		const refused = await run(checkIn('95'));
		expect(refused.error?.message).toBe('1018: The credential is not in the user custody');
		expect(descriptionOf(refused.error)).toMatch(/Check Out the credential first.*Ignore If Not Checked Out.*nothing was released/s);
		const ignored = await run(checkIn('95', { ignoreIfNotCheckedOut: true }));
		expect(json(ignored.items)).toEqual([{ id: '95', released: false, message: expect.stringMatching(/^Not checked out: .*1018/) }]);
	});

	test(`${profile} × unknown, inactive and forbidden credentials: 1007, 1008, 1009 with cause and fix`, async () => {
		const unknown = await run(checkOut('4242'));
		expect(unknown.error?.message).toBe('1007: Credential not found');
		expect(descriptionOf(unknown.error)).toMatch(/Get Many lists it.*nothing was checked out/s);
		box.setCredentialActive('95', false);
		const inactive = await run(checkOut('95'));
		expect(inactive.error?.message).toBe('1008: Credential inactive');
		expect(descriptionOf(inactive.error)).toMatch(/activate the credential.*nothing was checked out/s);
		box.setCredentialAccess('98', false);
		const forbidden = await run(checkOut('98'));
		expect(forbidden.error?.message).toBe('1009: No access to credential');
		expect(descriptionOf(forbidden.error)).toMatch(/A2A authorization/);
		expect(box.custody().held).toEqual({});
	});

	test(`${profile} × a username with "@" is refused before anything is sent`, async () => {
		const before = box.counters.requests;
		const refused = await run({ resource: 'credential', operation: 'checkOut', checkOutBy: 'usernameAndDevice', username: 'svc@corp', device: 'db-prod-01' });
		expect(refused.error?.message).toMatch(/^Invalid parameter: Username \(username\) must not contain "@".*Credential ID/);
		expect(box.counters.requests).toBe(before);
	});

	test(`${profile} × Get Many: no secrets, filters by device, username and type, Limit, one list request for many items`, async () => {
		const all = await run({ resource: 'credential', operation: 'getMany', returnAll: true });
		expect(json(all.items).map((c) => c.id)).toEqual(['94', '95', '96', '97', '98', '99', '100']);
		for (const item of json(all.items)) expect(item).not.toHaveProperty('password');
		const listBefore = box.routeRequests.listCredentials;
		const filtered = await engine.runNode({
			nodeType: CUSTODY_TYPE,
			parameters: { resource: 'credential', operation: 'getMany', returnAll: true, filters: { device: '={{ $json.device }}', type: 'local user' } },
			credentials,
			items: items({ device: 'linux-srv-01' }, { device: '10.66.33.18' }),
		});
		expect(json(filtered.items).map((c) => c.username)).toEqual(['usrsudonopass', 'deploy', 'dbadmin', 'oracle']);
		expect(box.routeRequests.listCredentials - listBefore).toBe(1);
		const limited = await run({ resource: 'credential', operation: 'getMany', returnAll: false, limit: 2, filters: { username: 'DBADMIN' } });
		expect(json(limited.items).map((c) => c.id)).toEqual(['97']);
	});

	test(`${profile} × an authorization without credentials: the permission to grant`, async () => {
		box.setDeviceAccess(false);
		const refused = await run(checkOut('94'));
		expect(refused.error?.message).toBe('Segura does not let this application read its credentials');
		expect(descriptionOf(refused.error)).toMatch(/Credentials and Devices.*A2A > Applications > Authorizations/);
	});
});
