/**
 * Create's pickers (Device and Device Credential, "From List") in every sandbox profile, in n8n's
 * engine over real HTTP, the way n8n's editor runs them (LoadOptionsContext, the node's parameters as
 * the editor holds them), API Paths at Auto. Then a Create made with the values picked, a Create saved
 * by version 1 with plain text, and an A2A authorization without devices. The 100k-device list is
 * paged and searched in one profile.
 */
import type { INodeParameters } from 'n8n-workflow';

import { PROFILES, type ProfileName, type Sandbox } from '../../sandbox';
import type { Engine } from '../harness/engine';
import { listSearch, loadOptions } from '../harness/list-search';
import { addCredential, items, json, NODE_TYPE, sandbox, seguraEngine } from './setup';

const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
const rl = (value: string, mode = 'list') => ({ __rl: true, mode, value });

describe.each(PROFILE_NAMES)('%s', (profile) => {
	let box: Sandbox;
	let engine: Engine;
	let credentials: ReturnType<typeof addCredential>;
	const basicOnly = !PROFILES[profile].clientAuthentication.includes('body');
	const search = (method: string, parameters: INodeParameters = {}, filter?: string) =>
		listSearch(engine, {
			nodeType: NODE_TYPE,
			typeVersion: 1.1,
			method,
			path: method === 'searchDevices' ? 'parameters.device' : 'parameters.credential',
			parameters: { operation: 'create', ...parameters },
			credentials,
			filter,
		});

	beforeAll(async () => {
		box = await sandbox({ profile });
		engine = seguraEngine();
		credentials = addCredential(engine, box, { apiPaths: 'auto', authentication: basicOnly ? 'header' : 'body' });
	});
	afterAll(async () => await box.close());
	beforeEach(() => box.reset());

	test(`${profile} × Device, From List: every device with hostname, IP and site; one list request a search`, async () => {
		const all = await search('searchDevices');
		expect(all).toEqual({
			results: [
				{ name: 'linux-srv-01 (10.66.33.17) · LAX', value: '10.66.33.17' },
				{ name: 'db-prod-01 (10.66.33.18) · AWS', value: '10.66.33.18' },
				{ name: 'win-jump-01 (10.66.33.20) · LAX', value: '10.66.33.20' },
			],
			paginationToken: undefined,
		});
		expect(box.routeRequests.listDevices).toBe(1);
		expect((await search('searchDevices', {}, 'DB-PROD')).results.map((entry) => entry.value)).toEqual(['10.66.33.18']);
		expect((await search('searchDevices', {}, '66.33.20')).results.map((entry) => entry.value)).toEqual(['10.66.33.20']);
		expect((await search('searchDevices', {}, 'lax')).results.map((entry) => entry.value)).toEqual(['10.66.33.17', '10.66.33.20']);
		// Tags only where the version's list shows them (v3-33 on).
		const tagged = (await search('searchDevices', {}, 'database')).results.map((entry) => entry.value);
		expect(tagged).toEqual(PROFILES[profile].inventory.tags ? ['10.66.33.18'] : []);
		expect(box.routeRequests.listDevices).toBe(5);
	});

	test(`${profile} × Device Credential, From List: Automatic, then the chosen device's credentials`, async () => {
		const mine = await search('searchDeviceCredentials', { device: rl('10.66.33.17') });
		expect(mine.results).toEqual([
			{ name: 'Automatic: Segura Picks a Free Credential of the Device', value: '' },
			{ name: 'usrsudonopass (Local User)', value: 'usrsudonopass' },
			{ name: 'deploy (Local User)', value: 'deploy' },
			{ name: 'deploy-key (SSH Key)', value: 'deploy-key' },
		]);
		const byHostname = await search('searchDeviceCredentials', { device: rl('DB-PROD-01', 'address') });
		expect(byHostname.results.map((entry) => entry.value)).toEqual(['', 'dbadmin', 'oracle']);
		const searched = await search('searchDeviceCredentials', { device: rl('10.66.33.17') }, 'ssh');
		expect(searched.results.map((entry) => entry.value)).toEqual(['deploy-key']);
		expect(box.routeRequests.listCredentials).toBe(3);
	});

	test(`${profile} × Protocol: the picked device's connectivities where its page has them, else the documented list`, async () => {
		const protocols = (device: unknown) =>
			loadOptions(engine, {
				nodeType: NODE_TYPE,
				typeVersion: 1.1,
				method: 'getProtocols',
				path: 'parameters.protocol',
				parameters: { operation: 'create', device } as INodeParameters,
				credentials,
			});
		const documented = ['SSH', 'RDP', 'VNC', 'Telnet', 'HTTP', 'HTTPS', 'X11'];
		const details = PROFILES[profile].inventory.deviceDetails;
		expect((await protocols(rl('10.66.33.18'))).map((option) => [option.value, option.description])).toEqual(
			details ? [['SSH', 'Port 22, as Segura lists it for this device'], ['RDP', 'Port 3389, as Segura lists it for this device']] : documented.map((name) => [name, undefined]),
		);
		expect((await protocols(rl('win-jump-01'))).map((option) => option.value)).toEqual(details ? ['RDP'] : documented);
		// Typed, or not in the list: the documented protocols, and no device read for a typed one.
		const before = box.routeRequests.listDevices;
		expect((await protocols(rl('10.66.33.18', 'address'))).map((option) => option.value)).toEqual(documented);
		expect(box.routeRequests.listDevices).toBe(before);
		expect((await protocols(rl('10.9.9.9'))).map((option) => option.value)).toEqual(documented);
	});

	test(`${profile} × a Create made with the values picked, and one saved by version 1 with plain text`, async () => {
		const [device] = (await search('searchDevices', {}, 'linux-srv')).results;
		const [, , credential] = (await search('searchDeviceCredentials', { device: rl(String(device.value)) })).results;
		const picked = await engine.runNode({
			nodeType: NODE_TYPE,
			typeVersion: 1.1,
			parameters: { operation: 'create', user: 'alice', device: rl(String(device.value)), protocol: 'SSH', credential: rl(String(credential.value)) },
			credentials,
			items: items({}),
		});
		expect(picked.error).toBeUndefined();
		expect(json(picked.items)[0]).toMatchObject({ device: '10.66.33.17', credential: 'deploy' });
		expect(box.sessions().at(-1)).toMatchObject({ user: 'alice', device: '10.66.33.17:22', credential: 'deploy', end: null });

		const saved = await engine.runNode({
			nodeType: NODE_TYPE,
			typeVersion: 1,
			parameters: { operation: 'create', user: 'bob', device: 'linux-srv-01', protocol: 'SSH', credential: 'usrsudonopass' },
			credentials,
			items: items({}),
		});
		expect(saved.error).toBeUndefined();
		expect(box.sessions().at(-1)).toMatchObject({ user: 'bob', credential: 'usrsudonopass', end: null });
	});

	test(`${profile} × an A2A authorization without devices: the picker names the authorization to grant`, async () => {
		box.setDeviceAccess(false);
		for (const method of ['searchDevices', 'searchDeviceCredentials']) {
			const error = await search(method, { device: rl('10.66.33.17') }).then(
				() => undefined,
				(thrown: Error & { description?: string }) => thrown,
			);
			expect(error?.message).toMatch(/^Segura does not let this application read its (device|credential) list$/);
			expect(error?.description).toMatch(/A2A authorization of this application lacks access to .*Ask a Segura administrator to grant it/);
			expect(error?.description).toMatch(/"By (Address|Username)"/);
		}
	});
});

describe('100,000 devices', () => {
	let box: Sandbox;
	let engine: Engine;
	beforeAll(async () => {
		box = await sandbox({ syntheticDevices: 100_000 });
		engine = seguraEngine();
	});
	afterAll(async () => await box.close());

	test('the list comes in pages of 100, a search finds one device, each a single request', async () => {
		const credentials = addCredential(engine, box);
		const run = (filter?: string, paginationToken?: string) =>
			listSearch(engine, {
				nodeType: NODE_TYPE,
				typeVersion: 1.1,
				method: 'searchDevices',
				path: 'parameters.device',
				parameters: { operation: 'create' },
				credentials,
				filter,
				paginationToken,
			});
		const first = await run();
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const second = await run(undefined, first.paginationToken);
		expect(second.results[0]).not.toEqual(first.results[0]);
		expect(second.paginationToken).toBe('200');
		const found = await run('srv-054321');
		expect(found.results.map((entry) => entry.name)).toEqual([expect.stringMatching(/^srv-054321 \(/)]);
		expect(found.paginationToken).toBeUndefined();
		expect(box.routeRequests.listDevices).toBe(3);
	});
});
