/**
 * Synthetic devices (appliance-size device and credential lists, streamed) and the device controls
 * over the control API and the CLI.
 */
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { api, control, getToken, withSandbox } from './client';
import type { Reply } from './client';
import { DEVICE_NOT_FOUND_BODY, INVENTORY_TRAITS, refusalBody } from './inventory-cases';
import { runCli } from './run-cli';

type Rec = Record<string, unknown>;

const devicesOf = (reply: Reply) => (reply.json as { devices: Rec[] }).devices;
const credentialsOf = (reply: Reply) => (reply.json as { credentials: Rec[] }).credentials;

/** How many entries each value of `key` has. */
function tally(records: Rec[], key: string): Map<unknown, number> {
	const counts = new Map<unknown, number>();
	for (const record of records) counts.set(record[key], (counts.get(record[key]) ?? 0) + 1);
	return counts;
}

describe('100k synthetic devices (consolidated)', () => {
	let sb: Sandbox;
	let token: string;
	beforeAll(async () => {
		sb = await startSandbox({ syntheticDevices: 100_000 });
		token = await getToken(sb);
	});
	afterAll(() => sb.close());

	it('lists the seed, then srv-000001 … srv-100000 with ascending string ids, varied sites and tags', async () => {
		const reply = await api(sb, token, 'GET', '/api/pam/device');
		expect(reply.status).toBe(200);
		expect(reply.headers.get('transfer-encoding')).toBe('chunked');
		const devices = devicesOf(reply);
		expect(devices).toHaveLength(100_003);
		expect((reply.json as { response: Rec }).response.message).toBe('100003 devices found');
		expect(devices[0]).toMatchObject({ id: '1', hostname: 'linux-srv-01' });
		expect(devices[3]).toEqual({ id: '4', hostname: 'srv-000001', ip: '10.68.0.1', model: 'Red Hat Enterprise Linux 9', type: 'Server', vendor: 'Red Hat', site: 'LAX', tags: 'production, pci' });
		expect(devices.at(-1)).toMatchObject({ id: '100003', hostname: 'srv-100000', ip: '10.69.134.160' });
		expect(devices.every((d, i) => d.id === String(i + 1))).toBe(true);
		expect(new Set(devices.map((d) => d.hostname)).size).toBe(devices.length);
		expect(devices.slice(3).every((d) => /^10\.6[89]\.\d{1,3}\.\d{1,3}$/.test(String(d.ip)))).toBe(true);
		expect(tally(devices, 'site').size).toBeGreaterThanOrEqual(6);
		expect(tally(devices, 'tags').size).toBeGreaterThanOrEqual(6);
		expect(tally(devices, 'type').size).toBeGreaterThanOrEqual(3);
	});

	it('lists 1–2 credentials per synthetic device, ids unique and ascending from 101', async () => {
		const reply = await api(sb, token, 'GET', '/iso/pam/credential');
		expect(reply.status).toBe(200);
		const credentials = credentialsOf(reply);
		expect(credentials).toHaveLength(7 + 150_000);
		expect(credentials[7]).toMatchObject({ id: '101', hostname: 'srv-000001', management_ip: '10.68.0.1' });
		expect(credentials.at(-1)).toMatchObject({ id: '150100', hostname: 'srv-100000' });
		expect(credentials.every((c, i) => i === 0 || Number(c.id) > Number(credentials[i - 1].id))).toBe(true);
		const perDevice = tally(credentials.slice(7), 'hostname');
		expect(perDevice.size).toBe(100_000);
		expect(new Set(perDevice.values())).toEqual(new Set([1, 2]));
		expect(tally(credentials, 'type').get('SSH Key')).toBeGreaterThan(1);
		expect(credentials.every((c) => !('password' in c))).toBe(true);
	});

	it('reads a synthetic device by id; past the last one is 1011; synthetic devices are not usable for create', async () => {
		const last = await api(sb, token, 'GET', '/api/pam/device/100003');
		expect((last.json as { device: Rec }).device).toMatchObject({ id: '100003', hostname: 'srv-100000', connectivities: 'SSH:22' });
		const past = await api(sb, token, 'GET', '/api/pam/device/100004');
		expect([past.status, past.json]).toEqual([400, DEVICE_NOT_FOUND_BODY]);
		const create = await api(sb, token, 'POST', '/iso/remote/session', { user: 'alice', device: 'srv-000001', protocol: 'SSH' });
		expect(create.status).toBe(404);
	});
});

describe('synthetic devices under a 3.2x profile', () => {
	it('streams the short envelope, no tags, automatic_change "0"/"1"', async () => {
		await withSandbox({ profile: '3.32', syntheticDevices: 9_000 }, async (sb) => {
			const token = await getToken(sb);
			const devices = await api(sb, token, 'GET', '/iso/pam/device');
			expect(devices.headers.get('transfer-encoding')).toBe('chunked');
			expect(Object.keys(devices.json as Rec)).toEqual(['response', 'devices']);
			expect(devicesOf(devices)).toHaveLength(9_003);
			expect(devicesOf(devices).every((d) => !('tags' in d))).toBe(true);
			const credentials = credentialsOf(await api(sb, token, 'GET', '/iso/pam/credential'));
			expect(credentials).toHaveLength(7 + 13_500);
			expect(new Set(credentials.map((c) => c.automatic_change))).toEqual(new Set(['0', '1']));
		});
	});
});

describe('device controls', () => {
	it('setSyntheticDevices and POST synthetic-devices change the lists; reset() keeps the count; bad counts are refused', async () => {
		await withSandbox({}, async (sb) => {
			const token = await getToken(sb);
			sb.setSyntheticDevices(10);
			expect(devicesOf(await api(sb, token, 'GET', '/api/pam/device'))).toHaveLength(13);
			const set = await control(sb, 'POST', 'synthetic-devices', { count: 3 });
			expect(set.json).toEqual({ syntheticDevices: 3, devices: 6 });
			sb.reset();
			expect(devicesOf(await api(sb, token, 'GET', '/api/pam/device')).at(-1)).toMatchObject({ id: '6', hostname: 'srv-000003' });
			expect(credentialsOf(await api(sb, token, 'GET', '/api/pam/credential'))).toHaveLength(7 + 5);
			expect((await control(sb, 'POST', 'synthetic-devices', { count: -1 })).status).toBe(400);
			expect(() => sb.setSyntheticDevices(1.5)).toThrow(TypeError);
			await expect(startSandbox({ syntheticDevices: 1_000_001 })).rejects.toThrow(TypeError);
		});
	});

	it('POST device-access refuses and allows the reads; GET state shows it; POST reset restores it', async () => {
		await withSandbox({}, async (sb) => {
			const token = await getToken(sb);
			expect((await control(sb, 'GET', 'state')).json).toMatchObject({ deviceAccess: true, syntheticDevices: 0 });
			expect((await control(sb, 'POST', 'device-access', { allowed: false })).json).toEqual({ deviceAccess: false });
			const refused = await api(sb, token, 'GET', '/iso/pam/device/1');
			expect([refused.status, refused.json]).toEqual([500, refusalBody(INVENTORY_TRAITS.consolidated, 'Segura')]);
			expect((await control(sb, 'GET', 'state')).json).toMatchObject({ deviceAccess: false });
			expect((await control(sb, 'POST', 'device-access', { allowed: 'no' })).status).toBe(400);
			expect((await control(sb, 'POST', 'reset')).status).toBe(200);
			expect((await api(sb, token, 'GET', '/iso/pam/device/1')).status).toBe(200);
		});
	});

	it('npm run sandbox -- --synthetic-devices 5 --no-device-access', async () => {
		const cli = await runCli(['--port', '0', '--quiet', '--synthetic-devices', '5', '--no-device-access']);
		try {
			const banner = cli.output();
			expect(banner).toContain('5 more devices listed');
			expect(banner).toContain('Device access   refused');
			const baseUrl = /Base URL\s+(\S+)/.exec(banner)?.[1] ?? '';
			const fake = { baseUrl, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, controlUrl: `${baseUrl}/__sandbox` } as Sandbox;
			const token = await getToken(fake);
			expect((await api(fake, token, 'GET', '/api/pam/device')).status).toBe(500);
			expect((await api(fake, token, 'GET', '/api/pam/session/remotesessions')).status).toBe(200);
			await control(fake, 'POST', 'device-access', { allowed: true });
			expect(devicesOf(await api(fake, token, 'GET', '/api/pam/device'))).toHaveLength(8);
		} finally {
			expect(await cli.stop('SIGTERM')).toBe(0);
		}
	});
});
