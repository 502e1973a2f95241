/**
 * The Segura sandbox over real HTTP: creating a web proxy session — validation, the success
 * envelope, the stored record and automatic credential selection.
 */
import { api, call, env, FORM } from './client';
import type { Fields } from './client';
import { expectError, expectOk } from './expect-envelope';
import { parseLocal, SEEDED_IDS, SQL_TIME } from './seed';
import { sb, token, useSandbox } from './use-sandbox';

useSandbox();

describe('create a web proxy session', () => {
	const create = (body: Fields) => api(sb, token, 'POST', '/iso/remote/session', body);

	it.each<[string, Fields, number, string]>([
		['no user', { device: '10.66.33.17', protocol: 'SSH' }, 400, 'Username not specified.'],
		['a blank user', { user: '   ', device: '10.66.33.17', protocol: 'SSH' }, 400, 'Username not specified.'],
		['no device', { user: 'alice', protocol: 'SSH' }, 400, 'Credential device not specified.'],
		['no protocol', { user: 'alice', device: '10.66.33.17' }, 400, 'Invalid protocol.'],
		['an unknown protocol', { user: 'alice', device: '10.66.33.17', protocol: 'FTP' }, 400, 'Invalid protocol.'],
		['protocol checked before the user exists', { user: 'mallory', device: 'nowhere' }, 400, 'Invalid protocol.'],
		['an unknown user', { user: 'mallory', device: '10.66.33.17', protocol: 'SSH' }, 404, 'Resource sub not found.'],
		['an unknown device', { user: 'alice', device: '10.9.9.9', protocol: 'SSH' }, 404, 'Resource sub not found.'],
		['a credential of another device', { user: 'alice', device: 'linux-srv-01', protocol: 'SSH', credential: 'dbadmin' }, 404, 'Resource sub not found.'],
		['a domain credential without remotedevice', { user: 'bob', device: 'win-jump-01', protocol: 'RDP', credential: 'CORP\\svc-rdp' }, 400, 'Credential device not specified.'],
		['an invalid port', { user: 'alice', device: '10.66.33.17', protocol: 'SSH', port: 'ssh' }, 400, 'Invalid port.'],
	])('rejects %s', async (_name, body, status, message) => {
		expectError(await create(body), status, message);
		expect(sb.counters).toMatchObject({ createAttempts: 1, creates: 0 });
		expect(sb.sessions().map((s) => s.id)).toEqual(SEEDED_IDS);
	});

	it('treats an unparseable JSON body as empty', async () => {
		const reply = await call(`${sb.baseUrl}/iso/remote/session`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: '{"user": "alice", ',
		});
		expectError(reply, 400, 'Username not specified.');
	});

	it('answers the documented success envelope and stores an active session', async () => {
		const before = Date.now();
		const reply = await create({ user: 'alice', credential: 'deploy', device: '10.66.33.17', protocol: 'SSH', remoteAddr: '192.168.1.3', port: 2222, screensize: '1920x1080' });
		expectOk(reply, 'Session created successfully');
		const { session, tenant } = env(reply);
		expect(tenant).toBe('Segura');
		expect(Object.keys(session ?? {})).toEqual(['session_url', 'token', 'selection_mode']);
		expect(session?.session_url).toMatch(new RegExp(`^${sb.origin.replace(/\./g, '\\.')}/modulos/auth\\?_sr=[A-Za-z0-9_-]{40,}$`));
		expect(session?.token).toMatch(/^[0-9a-f]{14}$/);
		expect(session?.selection_mode).toBe('explicit');
		expect(sb.sessionTokens()).toContain(session?.token);
		expect(sb.sessionUrls()).toContain(session?.session_url);
		expect(sb.counters).toMatchObject({ creates: 1, createAttempts: 1 });

		const stored = sb.sessions().at(-1);
		expect(stored).toEqual({
			id: '38',
			user: 'alice',
			origin_ip: '192.168.1.3',
			credential: 'deploy',
			device: '10.66.33.17:2222',
			protocol: 'SSH',
			proxy: 'Web Proxy',
			session_id: expect.stringMatching(/^[0-9a-f]{40}$/),
			start: expect.stringMatching(SQL_TIME),
			end: null,
			time: expect.stringMatching(/^00:00:0\d$/),
			prevent_purge: 'No',
			request: null,
			ITSM: null,
		});
		expect(Math.abs(parseLocal(stored?.start ?? null) - before)).toBeLessThan(5000);
	});

	it('uses the caller IP and the device port for the protocol by default', async () => {
		expectOk(await create({ user: 'carol', credential: 'oracle', device: 'db-prod-01', protocol: 'rdp' }), 'Session created successfully');
		expect(sb.sessions().at(-1)).toMatchObject({ origin_ip: '127.0.0.1', device: '10.66.33.18:3389', protocol: 'rdp' });
	});

	it('selects free username/password credentials automatically, skips SSH keys, then answers 409', async () => {
		const picked: Array<string | undefined> = [];
		for (let i = 0; i < 2; i++) {
			const reply = await create({ user: 'alice', device: '10.66.33.17', protocol: 'ssh' });
			expectOk(reply, 'Session created successfully');
			expect(env(reply).session?.selection_mode).toBe('automatic');
			picked.push(sb.sessions().at(-1)?.credential);
		}
		expect(picked).toEqual(['usrsudonopass', 'deploy']);
		expectError(await create({ user: 'alice', device: '10.66.33.17', protocol: 'ssh' }), 409, 'session.no_available_credential');
		expect(sb.counters).toMatchObject({ creates: 2, createAttempts: 3 });
	});

	it('answers 409 when every credential of the device is busy, but an explicit busy one still works', async () => {
		expectError(await create({ user: 'bob', device: 'DB-PROD-01', protocol: 'SSH' }), 409, 'session.no_available_credential');
		const explicit = await create({ user: 'bob', device: 'db-prod-01', protocol: 'SSH', credential: 'dbadmin' });
		expectOk(explicit, 'Session created successfully');
		expect(env(explicit).session?.selection_mode).toBe('explicit');
		const active = sb.sessions().filter((s) => s.credential === 'dbadmin' && s.end === null);
		expect(active.map((s) => s.id)).toEqual(['36', '38']);
	});

	it('selects a domain credential automatically only with remotedevice, and accepts it explicitly with one', async () => {
		const auto = { user: 'bob', device: 'win-jump-01', protocol: 'RDP' };
		expectOk(await create(auto), 'Session created successfully');
		expect(sb.sessions().at(-1)?.credential).toBe('Administrator');
		expectError(await create(auto), 409, 'session.no_available_credential');

		const withRemote = await create({ ...auto, remotedevice: '10.66.33.20' });
		expectOk(withRemote, 'Session created successfully');
		expect(env(withRemote).session?.selection_mode).toBe('automatic');
		expect(sb.sessions().at(-1)).toMatchObject({ credential: 'CORP\\svc-rdp', device: '10.66.33.20:3389' });

		const explicit = await create({ ...auto, credential: 'CORP\\svc-rdp', remotedevice: 'win-jump-01' });
		expectOk(explicit, 'Session created successfully');
		expect(env(explicit).session?.selection_mode).toBe('explicit');
	});

	it('tolerates a form-encoded body', async () => {
		const reply = await call(`${sb.baseUrl}/iso/remote/session`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, ...FORM },
			body: new URLSearchParams({ user: 'carol', device: '10.66.33.17', protocol: 'HTTPS', port: '8443' }).toString(),
		});
		expectOk(reply, 'Session created successfully');
		expect(sb.sessions().at(-1)).toMatchObject({ user: 'carol', device: '10.66.33.17:8443', protocol: 'HTTPS' });
	});
});
