/**
 * The sandbox's device and credential reads over real HTTP, under every profile: the paths each
 * serves (and the gateway's 404 for the other family), the records' fields, get one's details and
 * its 1011, and the refusal when the A2A authorization lacks "Credentials and Devices".
 */
import { startSandbox } from '../../sandbox';
import type { ProfileName, Sandbox } from '../../sandbox';
import { api, getToken } from './client';
import type { Reply } from './client';
import {
	ALL_PROFILES,
	CREDENTIAL_KEYS,
	DEVICE_DETAIL_KEYS,
	DEVICE_LIST_KEYS,
	DEVICE_NOT_FOUND_BODY,
	INVENTORY_CANDIDATES,
	INVENTORY_ROUTES,
	INVENTORY_SERVED,
	INVENTORY_TRAITS,
	inventoryResponse,
	refusalBody,
	SEEDED_CREDENTIAL_IDS,
	SEEDED_DEVICE_IDS,
} from './inventory-cases';
import { at, CREATE_BODY, GATEWAY_NO_ROUTE, SERVED, TRAITS, viaFor } from './profile-cases';
import { SQL_TIME } from './seed';

type Json = Record<string, unknown>;
type Rec = Record<string, unknown>;

const body = (reply: Reply) => reply.json as Json;

/** The profile's tenant (the consolidated profile's is Segura). */
const tenantOf = (name: ProfileName) => (name === 'consolidated' ? 'Segura' : TRAITS[name].tenant);

/** Where the profile serves its session create and list (for "sessions still work"). */
function sessionPaths(name: ProfileName) {
	return name === 'consolidated' ? { create: '/iso/remote/session', list: '/iso/session/remotesessions' } : SERVED[name];
}

/** The describe block's sandbox with the profile and a token taken the way it accepts; reset before each test. */
function useProfile(name: ProfileName) {
	const box = {} as { sb: Sandbox; token: string };
	beforeAll(async () => {
		box.sb = await startSandbox({ profile: name });
		box.token = await getToken(box.sb, name === 'consolidated' ? 'body' : viaFor(name));
	});
	afterAll(() => box.sb.close());
	beforeEach(() => box.sb.reset());
	return { box, get: (template: string, id = '') => api(box.sb, box.token, 'GET', at(template, id)) };
}

describe.each(ALL_PROFILES)('profile %s: device reads', (name: ProfileName) => {
	const traits = INVENTORY_TRAITS[name];
	const served = INVENTORY_SERVED[name];
	const { box, get } = useProfile(name);

	it.each(INVENTORY_ROUTES)(`serves %s at ${name === 'consolidated' ? 'both families' : 'its pages’ family only'}`, async (route) => {
		for (const path of INVENTORY_CANDIDATES[route]) {
			const reply = await get(path, '1');
			if (served[route].includes(path)) expect({ path, status: reply.status }).toEqual({ path, status: 200 });
			else expect({ path, status: reply.status, json: reply.json }).toEqual({ path, status: 404, json: GATEWAY_NO_ROUTE });
		}
		expect(box.sb.routeRequests[route]).toBe(served[route].length);
	});

	it(`lists the seeded devices ${traits.tags ? 'with' : 'without'} tags, in the ${traits.envelope} envelope`, async () => {
		const reply = await get(served.listDevices[0]);
		expect(reply.status).toBe(200);
		const json = body(reply);
		expect(json.response).toEqual(inventoryResponse(traits, 200, '3 devices found'));
		if (traits.envelope === 'short') expect(Object.keys(json)).toEqual(['response', 'devices']);
		else expect(Object.keys(json)).toEqual(['code', 'response', ...(traits.listTenant ? ['tenant'] : []), 'devices']);
		if (traits.listTenant) expect(json.tenant).toBe(traits.listTenant);
		const devices = json.devices as Rec[];
		expect(devices.map((d) => d.id)).toEqual(SEEDED_DEVICE_IDS);
		for (const device of devices) expect(Object.keys(device)).toEqual(traits.tags ? [...DEVICE_LIST_KEYS, 'tags'] : DEVICE_LIST_KEYS);
		expect(devices[0]).toMatchObject({ id: '1', hostname: 'linux-srv-01', ip: '10.66.33.17', model: 'Ubuntu 22.04', type: 'Server', vendor: 'Canonical', site: 'LAX' });
		if (traits.tags) expect(devices.map((d) => d.tags)).toEqual(['linux, production', 'database, production', 'windows, jump']);
	});

	it(`get one: ${traits.deviceDetails ? 'the device with connectivities built from its ports' : 'the list’s fields only'}`, async () => {
		const reply = await get(served.getDevice[0], '2');
		expect(reply.status).toBe(200);
		const json = body(reply);
		expect(json.response).toEqual(inventoryResponse(traits, 200, 'Device 2'));
		expect(Object.keys(json)).toEqual(traits.envelope === 'short' ? ['response', 'device'] : ['code', 'response', 'tenant', 'device']);
		const base = { id: '2', hostname: 'db-prod-01', ip: '10.66.33.18', model: 'Oracle Linux 8', type: 'Database', vendor: 'Oracle', site: 'AWS' };
		if (!traits.deviceDetails) {
			expect(json.device).toEqual(base);
			return;
		}
		expect(json.device).toEqual({ ...base, device_domain: '', connectivities: 'SSH:22, RDP:3389', session_remote_config: '', device_tags: 'database, production' });
		const windows = body(await get(served.getDevice[0], '3')).device as Rec;
		expect(Object.keys(windows)).toEqual([...DEVICE_LIST_KEYS, ...DEVICE_DETAIL_KEYS]);
		expect(windows).toMatchObject({ hostname: 'win-jump-01', device_domain: 'corp.lab', connectivities: 'RDP:3389' });
		expect((body(await get(served.getDevice[0], '1')).device as Rec).connectivities).toBe('SSH:22');
	});

	it('get one: an unknown or non-numeric id is HTTP 400 "1011: Device not found", no error_code', async () => {
		for (const id of ['999', '0', 'linux-srv-01']) {
			const reply = await get(served.getDevice[0], id);
			expect({ id, status: reply.status, json: reply.json }).toEqual({ id, status: 400, json: DEVICE_NOT_FOUND_BODY });
		}
	});

});

describe.each(ALL_PROFILES)('profile %s: credential reads, and the refusal without device access', (name: ProfileName) => {
	const traits = INVENTORY_TRAITS[name];
	const served = INVENTORY_SERVED[name];
	const tenant = tenantOf(name);
	const { box, get } = useProfile(name);

	it(`lists credentials without secrets, automatic_change as ${traits.automaticChange === 'string' ? '"0"/"1"' : 'a boolean'}`, async () => {
		const reply = await get(served.listCredentials[0]);
		expect(reply.status).toBe(200);
		expect(body(reply).response).toEqual(inventoryResponse(traits, 200, '7 credentials found'));
		expect(reply.text).not.toMatch(/password|content|secret/i);
		const credentials = body(reply).credentials as Rec[];
		expect(credentials.map((c) => c.id)).toEqual(SEEDED_CREDENTIAL_IDS);
		for (const credential of credentials) expect(Object.keys(credential)).toEqual(CREDENTIAL_KEYS);
		const automatic = credentials.map((c) => c.automatic_change);
		const [on, off] = traits.automaticChange === 'string' ? ['1', '0'] : [true, false];
		expect(automatic).toEqual([on, off, off, on, off, on, off]);
		const byName = Object.fromEntries(credentials.map((c) => [c.username, c]));
		expect(byName['deploy-key']).toMatchObject({ type: 'SSH Key', connectivity: 'SSH', view: null, hostname: 'linux-srv-01', management_ip: '10.66.33.17' });
		expect(byName['CORP\\svc-rdp']).toMatchObject({ type: 'Domain User', type_code: '2', connectivity: 'RDP', connectivity_code: '13', device_model: 'Windows Server 2019' });
		expect(byName.dbadmin).toMatchObject({ type: 'Local User', type_code: '1', identifier: 'dbadmin-db-prod-01', expiration: null, device_vendor: 'Oracle' });
		expect(byName.dbadmin.change).toMatch(SQL_TIME);
	});

	it('without "Credentials and Devices" in the authorization every read is HTTP 500; sessions still work', async () => {
		const { sb, token } = box;
		sb.setDeviceAccess(false);
		expect(sb.deviceAccess).toBe(false);
		for (const route of INVENTORY_ROUTES) {
			const reply = await get(served[route][0], '1');
			expect({ route, status: reply.status, json: reply.json }).toEqual({ route, status: 500, json: refusalBody(traits, tenant) });
		}
		const paths = sessionPaths(name);
		expect((await api(sb, token, 'GET', paths.list)).status).toBe(200);
		expect((await api(sb, token, 'POST', paths.create, CREATE_BODY)).status).toBe(200);
		sb.reset();
		expect(sb.deviceAccess).toBe(true);
		expect(body(await get(served.listDevices[0])).devices).toHaveLength(3);
	});
});

describe('device access as a start option', () => {
	it('deviceAccess: false refuses the reads from the start; reset() keeps it refused', async () => {
		const sb = await startSandbox({ profile: '4', deviceAccess: false });
		try {
			const token = await getToken(sb);
			expect((await api(sb, token, 'GET', '/api/pam/credential')).json).toEqual(refusalBody(INVENTORY_TRAITS['4'], 'Segura'));
			sb.reset();
			expect((await api(sb, token, 'GET', '/api/pam/device')).status).toBe(500);
			sb.setDeviceAccess(true);
			expect((await api(sb, token, 'GET', '/api/pam/device')).status).toBe(200);
		} finally {
			await sb.close();
		}
	});

	it('rejects a deviceAccess that is not a boolean', async () => {
		await expect(startSandbox({ deviceAccess: 'no' as never })).rejects.toThrow(/deviceAccess/);
	});
});
