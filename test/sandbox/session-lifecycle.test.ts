/**
 * The Segura sandbox over real HTTP: sessions after creation — get, list and drop on both path
 * families, the seeded sessions, and legacy mode's older shapes.
 */
import { api, env, getToken, withSandbox } from './client';
import { expectError, expectOk } from './expect-envelope';
import { parseLocal, SEEDED_IDS, SQL_TIME } from './seed';
import { sb, token, useSandbox } from './use-sandbox';

const DURATION = /^\d{2,}:\d{2}:\d{2}$/;

useSandbox();

describe.each(['/iso', '/api/pam'])('session lifecycle on %s', (family) => {
	it('creates, lists, gets, drops, and frees the credential again', async () => {
		const created = await api(sb, token, 'POST', `${family}/remote/session`, { user: 'bob', device: 'linux-srv-01', protocol: 'SSH' });
		expectOk(created, 'Session created successfully');

		const list = await api(sb, token, 'GET', `${family}/session/remotesessions`);
		expectOk(list, '');
		const all = env(list).remote_sessions ?? [];
		expect(all.map((s) => s.id)).toEqual([...SEEDED_IDS, '38']);
		const mine = all[all.length - 1];
		expect(mine).toMatchObject({ user: 'bob', credential: 'usrsudonopass', device: '10.66.33.17:22', end: null });

		const one = await api(sb, token, 'GET', `${family}/session/remotesessions/38`);
		expectOk(one, '');
		expect(env(one)).not.toHaveProperty('remote_sessions');
		expect(env(one).remote_session).toEqual([mine]);

		const dropped = await api(sb, token, 'DELETE', `${family}/session/drop/${mine.session_id}`);
		expectOk(dropped, 'Session dropped successfully');
		const after = env(await api(sb, token, 'GET', `${family}/session/remotesessions/38`)).remote_session?.[0];
		expect(after?.end).toMatch(SQL_TIME);
		expect(after?.time).toMatch(DURATION);

		const again = await api(sb, token, 'DELETE', `${family}/session/drop/${mine.session_id}`);
		expectError(again, 200, 'An error occurred while droping session');
		expect(sb.counters).toMatchObject({ creates: 1, terminates: 1 });

		// The credential is free again, so automatic selection picks it first once more.
		await api(sb, token, 'POST', `${family}/remote/session`, { user: 'bob', device: 'linux-srv-01', protocol: 'SSH' });
		expect(sb.sessions().at(-1)?.credential).toBe('usrsudonopass');
	});

	it('answers 404 for unknown or non-numeric ids and an error body for unknown hashes', async () => {
		expectError(await api(sb, token, 'GET', `${family}/session/remotesessions/999`), 404, 'Resource sub not found.');
		expectError(await api(sb, token, 'GET', `${family}/session/remotesessions/abc`), 404, 'Resource sub not found.');
		// The numeric id is not the session_id hash terminate takes.
		expectError(await api(sb, token, 'DELETE', `${family}/session/drop/36`), 200, 'An error occurred while droping session');
		expect(sb.counters.terminates).toBe(0);
	});
});

describe('seeded sessions', () => {
	it('lists the seed in ascending id order, ended ones over the last 3 days and two active busy ones', async () => {
		const all = env(await api(sb, token, 'GET', '/iso/session/remotesessions')).remote_sessions ?? [];
		expect(all.map((s) => s.id)).toEqual(SEEDED_IDS);
		expect(all[0]).toMatchObject({ id: '30', user: 'MFASenhaSegura', origin_ip: '172.16.20.158', credential: 'usrsudonopass', device: '10.66.33.17:22', protocol: 'ssh', time: '00:00:07' });
		const now = Date.now();
		for (const s of all) {
			expect(now - parseLocal(s.start)).toBeLessThanOrEqual(72 * 3600 * 1000);
			expect(s.time).toMatch(DURATION);
		}
		const active = all.filter((s) => s.end === null);
		expect(active.map((s) => [s.id, s.credential, s.device])).toEqual([
			['36', 'dbadmin', '10.66.33.18:22'],
			['37', 'oracle', '10.66.33.18:3389'],
		]);
		expect(new Set(all.map((s) => s.user))).toEqual(new Set(['alice', 'bob', 'carol', 'MFASenhaSegura']));
	});

	it('accepts the get-one path without "pam" from one vendor page', async () => {
		const reply = await api(sb, token, 'GET', '/api/session/remotesessions/30');
		expectOk(reply, '');
		expect(env(reply).remote_session?.[0]?.id).toBe('30');
	});

	it('dropping a seeded busy session frees its credential for automatic selection', async () => {
		const busy = sb.sessions().find((s) => s.id === '36');
		expectOk(await api(sb, token, 'DELETE', `/iso/session/drop/${busy?.session_id}`), 'Session dropped successfully');
		const reply = await api(sb, token, 'POST', '/iso/remote/session', { user: 'carol', device: '10.66.33.18', protocol: 'SSH' });
		expectOk(reply, 'Session created successfully');
		expect(sb.sessions().at(-1)?.credential).toBe('dbadmin');
	});

	it('reports times in the appliance time zone', async () => {
		await withSandbox({ timezoneOffsetMinutes: 180 }, async (own) => {
			const ownToken = await getToken(own);
			await api(own, ownToken, 'POST', '/iso/remote/session', { user: 'alice', device: '10.66.33.17', protocol: 'SSH' });
			const start = parseLocal(own.sessions().at(-1)?.start ?? null);
			expect(Math.abs(start - (Date.now() + 180 * 60 * 1000))).toBeLessThan(5000);
		});
	});
});

describe('legacy mode', () => {
	it('requires a credential, answers the older shapes and the Portuguese keys', async () => {
		await withSandbox({ legacy: true }, async (own) => {
			const ownToken = await getToken(own);
			const missing = await api(own, ownToken, 'POST', '/iso/remote/session', { user: 'alice', device: '10.66.33.17', protocol: 'ssh' });
			expect(missing.status).toBe(400);
			expect(env(missing).response.message).toBe('Credential not specified.');

			const created = await api(own, ownToken, 'POST', '/iso/remote/session', { user: 'alice', credential: 'usrsudonopass', device: '10.66.33.17', protocol: 'ssh' });
			expect(created.status).toBe(200);
			const body = env(created);
			expect(body.tenant).toBe('senhasegura');
			expect(body.response.Message).toBe('Session created successfully');
			expect(body.response).not.toHaveProperty('mensagem');
			expect(Object.keys(body.session ?? {})).toEqual(['session_url', 'token']);

			const one = env(await api(own, ownToken, 'GET', '/iso/session/remotesessions/38'));
			expect(one).not.toHaveProperty('remote_session');
			const record = one.remote_sessions?.[0];
			expect(record).toMatchObject({ credencial: 'usrsudonopass', dispositivo: '10.66.33.17:22' });
			expect(record).not.toHaveProperty('credential');
			expect(record).not.toHaveProperty('device');

			const dropped = await api(own, ownToken, 'DELETE', `/iso/session/drop/${record?.session_id}`);
			expect(dropped.status).toBe(200);
			expect(env(dropped).response).toMatchObject({ error: false, message: 'Sessão interrompida com sucesso' });
		});
	});
});
