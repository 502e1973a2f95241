/**
 * The Segura sandbox over real HTTP(S): token, create / get / list / drop on both path families,
 * legacy mode, base path, HTTPS, fault injection, counters and the control API.
 */
import { startSandbox } from '../../sandbox';
import type { FaultKind, Sandbox } from '../../sandbox';
import { api, basic, call, control, env, FORM, getToken, tokenRequest, withSandbox } from './client';
import type { Envelope, Fields, Reply, TokenAnswer } from './client';
import { delay } from './delay';
import { httpsRequest } from './https-get';
import { runCli } from './run-cli';
import { GATEWAY_NO_ROUTE } from './profile-cases';

const NO_ROUTE = { message: 'No route matched with those values.' };
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };
const SEEDED_IDS = ['30', '31', '32', '33', '34', '35', '36', '37'];
const SQL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DURATION = /^\d{2,}:\d{2}:\d{2}$/;

/** Asserts an error envelope: real status, repeated in the body, no top-level `code`. */
function expectError(reply: Reply, status: number, message: string, bodyStatus = status) {
	expect(reply.status).toBe(status);
	const body = env(reply);
	expect(body).not.toHaveProperty('code');
	expect(body.tenant).toBe('Segura');
	expect(body.response).toEqual({
		status: bodyStatus,
		message,
		error: true,
		error_code: expect.any(Number),
		detail: '',
		mensagem: message,
		erro: true,
		cod_erro: body.response.error_code,
	});
	expect(body.response.error_code).toBeGreaterThan(0);
}

function expectOk(reply: Reply, message: string) {
	expect(reply.status).toBe(200);
	const body = env(reply);
	expect(body.code).toBe(200);
	expect(body.response).toEqual({
		status: 200,
		message,
		error: false,
		error_code: 0,
		detail: '',
		mensagem: message,
		erro: false,
		cod_erro: 0,
	});
}

/** "YYYY-MM-DD HH:MM:SS" read as if it were UTC (the sandbox's local time is UTC + offset). */
function parseLocal(value: string | null): number {
	return Date.parse(`${String(value).replace(' ', 'T')}Z`);
}

let sb: Sandbox;
let token: string;

beforeAll(async () => {
	sb = await startSandbox();
});

afterAll(async () => {
	await sb.close();
});

beforeEach(async () => {
	sb.reset();
	token = await getToken(sb);
	sb.reset();
});

describe('token endpoint', () => {
	it('issues a bearer token for client credentials sent in the body', async () => {
		expect([sb.clientId, sb.clientSecret]).toEqual(['n8n-sandbox-client', 'n8n-sandbox-secret']);
		const reply = await tokenRequest(sb, {
			grant_type: 'client_credentials',
			client_id: sb.clientId,
			client_secret: sb.clientSecret,
		});
		expect(reply.status).toBe(200);
		const answer = reply.json as TokenAnswer;
		expect(Object.keys(answer).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
		expect(answer.token_type).toBe('Bearer');
		expect(answer.expires_in).toBe(3600);
		expect(answer.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(reply.headers.get('cache-control')).toBe('no-store');
		expect(sb.issuedTokens()).toContain(answer.access_token);
		expect(sb.counters).toMatchObject({ tokenRequests: 1, tokenFailures: 0, requests: 1 });
		expect((await api(sb, answer.access_token as string, 'GET', '/iso/session/remotesessions')).status).toBe(200);
	});

	it('accepts HTTP Basic client authentication', async () => {
		const reply = await tokenRequest(sb, { grant_type: 'client_credentials' }, { Authorization: basic(sb.clientId, sb.clientSecret) });
		expect(reply.status).toBe(200);
		expect((reply.json as TokenAnswer).token_type).toBe('Bearer');
	});

	it('form-decodes both parts of Basic credentials (RFC 6749 2.3.1)', async () => {
		await withSandbox({ clientId: 'app:one', clientSecret: 's3cr+t/é %' }, async (own) => {
			const encoded = basic(encodeURIComponent(own.clientId), encodeURIComponent(own.clientSecret));
			expect((await tokenRequest(own, { grant_type: 'client_credentials' }, { Authorization: encoded })).status).toBe(200);
			// Unencoded, the colon inside the id splits it in the wrong place.
			const raw = basic(own.clientId, own.clientSecret);
			expect((await tokenRequest(own, { grant_type: 'client_credentials' }, { Authorization: raw })).status).toBe(401);
		});
	});

	it('answers invalid_client for a wrong secret, missing credentials or another grant type', async () => {
		const issuedBefore = sb.issuedTokens().length;
		const attempts: Array<Record<string, string>> = [
			{ grant_type: 'client_credentials', client_id: sb.clientId, client_secret: 'wrong' },
			{ grant_type: 'client_credentials', client_id: sb.clientId },
			{ grant_type: 'client_credentials' },
			{ grant_type: 'password', client_id: sb.clientId, client_secret: sb.clientSecret },
		];
		for (const fields of attempts) {
			const reply = await tokenRequest(sb, fields);
			expect(reply.status).toBe(401);
			expect(reply.json).toEqual(INVALID_CLIENT);
		}
		const wrongBasic = await tokenRequest(sb, { grant_type: 'client_credentials' }, { Authorization: basic(sb.clientId, 'nope') });
		expect(wrongBasic.status).toBe(401);
		expect(sb.counters).toMatchObject({ tokenRequests: 5, tokenFailures: 5 });
		expect(sb.issuedTokens()).toHaveLength(issuedBefore);
	});

	it('expires tokens after their lifetime', async () => {
		await withSandbox({ tokenLifetimeSeconds: 1 }, async (own) => {
			const short = await getToken(own);
			expect((await api(own, short, 'GET', '/iso/session/remotesessions')).status).toBe(200);
			await delay(1100);
			expectError(await api(own, short, 'GET', '/iso/session/remotesessions'), 401, 'Client authentication failed.');
		});
	});
});

describe('API authentication', () => {
	it('answers "No route matched" without an Authorization header', async () => {
		const reply = await call(`${sb.baseUrl}/iso/session/remotesessions`);
		expect(reply.status).toBe(401);
		expect(reply.json).toEqual(NO_ROUTE);
	});

	it.each([
		['an unknown token', 'Bearer abc.def.ghi'],
		['a malformed header', 'Token whatever'],
		['Basic credentials', 'Basic bjhuOng='],
	])('answers "Client authentication failed." for %s', async (_name, authorization) => {
		const reply = await call(`${sb.baseUrl}/iso/session/remotesessions`, { headers: { Authorization: authorization } });
		expectError(reply, 401, 'Client authentication failed.');
	});

	it('rejects tokens after expireTokens(), and reset() does not revive them', async () => {
		sb.expireTokens();
		expectError(await api(sb, token, 'GET', '/iso/session/remotesessions'), 401, 'Client authentication failed.');
		sb.reset();
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions')).status).toBe(401);
		expect((await api(sb, await getToken(sb), 'GET', '/iso/session/remotesessions')).status).toBe(200);
	});

	it("answers the gateway's 404 for unknown routes, methods and doubled slashes, token or not", async () => {
		for (const [method, path] of [['GET', '/iso/nothing/here'], ['GET', '/iso/remote/session'], ['GET', '//iso/session/remotesessions'], ['GET', '/iso/session/remotesessions/']]) {
			const reply = await api(sb, token, method, path);
			expect({ path, status: reply.status, json: reply.json }).toEqual({ path, status: 404, json: GATEWAY_NO_ROUTE });
		}
		expect((await api(sb, 'not-a-token', 'GET', '/iso/nothing/here')).json).toEqual(GATEWAY_NO_ROUTE);
	});
});

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

describe('base path', () => {
	it('serves token and API under the base path only, and keeps control at the origin', async () => {
		await withSandbox({ basePath: 'segura/' }, async (own) => {
			expect(own.baseUrl).toBe(`${own.origin}/segura`);
			const ownToken = await getToken(own);
			const created = await api(own, ownToken, 'POST', '/api/pam/remote/session', { user: 'alice', device: '10.66.33.17', protocol: 'SSH' });
			expectOk(created, 'Session created successfully');
			expect(env(created).session?.session_url.startsWith(`${own.origin}/segura/modulos/auth?_sr=`)).toBe(true);
			expect(own.requests.at(-1)).toMatchObject({ path: '/api/pam/remote/session', fullPath: '/segura/api/pam/remote/session', status: 200 });

			// A client that drops the base path reaches no route at all.
			const outside = await call(`${own.origin}/iso/session/remotesessions`, { headers: { Authorization: `Bearer ${ownToken}` } });
			expect(outside.status).toBe(404);
			expect(outside.json).toEqual(GATEWAY_NO_ROUTE);
			const tokenOutside = await call(`${own.origin}/iso/oauth2/token`, { method: 'POST', headers: FORM, body: 'grant_type=client_credentials' });
			expect(tokenOutside.status).toBe(404);

			expect((await call(`${own.controlUrl}/state`)).status).toBe(200);
			expect(own.controlUrl).toBe(`${own.origin}/__sandbox`);
		});
	});
});

describe('HTTPS', () => {
	it('serves HTTPS with a fresh self-signed certificate for 127.0.0.1', async () => {
		const started = Date.now();
		await withSandbox({ https: true }, async (own) => {
			expect(Date.now() - started).toBeLessThan(3000);
			expect(own.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
			expect(own.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
			const ca = own.certificatePem;

			const tokenReply = await httpsRequest(`${own.baseUrl}/iso/oauth2/token`, {
				ca,
				method: 'POST',
				headers: FORM,
				body: new URLSearchParams({ grant_type: 'client_credentials', client_id: own.clientId, client_secret: own.clientSecret }).toString(),
			});
			expect(tokenReply.status).toBe(200);
			const httpsToken = (JSON.parse(tokenReply.body) as TokenAnswer).access_token;

			const created = await httpsRequest(`${own.baseUrl}/iso/remote/session`, {
				ca,
				method: 'POST',
				headers: { Authorization: `Bearer ${httpsToken}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ user: 'alice', device: '10.66.33.17', protocol: 'SSH' }),
			});
			expect(created.status).toBe(200);
			expect((JSON.parse(created.body) as Envelope).session?.session_url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/modulos\/auth\?_sr=/);

			// Without the certificate as a trust anchor the connection is refused.
			await expect(httpsRequest(`${own.baseUrl}/iso/session/remotesessions`)).rejects.toThrow(/self[- ]signed/i);
		});
	});
});

describe('fault injection', () => {
	const list = () => api(sb, token, 'GET', '/iso/session/remotesessions');

	it.each<[FaultKind, number, string]>([
		['status500', 500, 'Unexpected error.'],
		['notAuthorized', 500, 'You are not authorized to access this resource.'],
		['timedOut', 504, 'Request timed out.'],
	])('%s answers %i with the envelope, once', async (kind, status, message) => {
		sb.injectFaults({ kind });
		expectError(await list(), status, message);
		expect((await list()).status).toBe(200);
		expect(sb.requests.map((r) => r.fault)).toEqual([kind, null]);
	});

	it('errorTrue answers HTTP 200 with response.error true', async () => {
		sb.injectFaults({ kind: 'errorTrue' });
		expectError(await list(), 200, 'Unexpected error.');
	});

	it('html502 answers an nginx HTML page', async () => {
		sb.injectFaults({ kind: 'html502' });
		const reply = await list();
		expect(reply.status).toBe(502);
		expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		expect(reply.text).toContain('<title>502 Bad Gateway</title>');
		expect(reply.json).toBeUndefined();
	});

	it('status503 answers 503 with a short HTML body', async () => {
		sb.injectFaults({ kind: 'status503' });
		const reply = await list();
		expect(reply.status).toBe(503);
		expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		expect(reply.text).toContain('503 Service Temporarily Unavailable');
	});

	it('rateLimit429 answers 429 with Retry-After', async () => {
		sb.injectFaults([{ kind: 'rateLimit429', retryAfterSeconds: 7 }, { kind: 'rateLimit429' }]);
		const first = await list();
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('7');
		expect(env(first).response).toMatchObject({ status: 429, error: true });
		expect((await list()).headers.get('retry-after')).toBe('1');
	});

	it('malformed answers 200 application/json that does not parse', async () => {
		sb.injectFaults({ kind: 'malformed' });
		const reply = await list();
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toBe('application/json');
		expect(reply.text.startsWith('{"code":200')).toBe(true);
		expect(() => JSON.parse(reply.text)).toThrow();
	});

	it('drop closes the connection without an answer', async () => {
		sb.injectFaults({ kind: 'drop' });
		await expect(list()).rejects.toThrow();
		expect(sb.counters.requests).toBe(1);
		expect(sb.requests[0]).toMatchObject({ fault: 'drop', status: null });
		expect((await list()).status).toBe(200);
	});

	it('timeout holds the request for hangMs, then drops it', async () => {
		sb.injectFaults({ kind: 'timeout', hangMs: 300 });
		const started = Date.now();
		await expect(list()).rejects.toThrow();
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(sb.requests[0]).toMatchObject({ fault: 'timeout', status: null });
	});

	it('applies to count matching requests only, and a faulted create is not stored', async () => {
		sb.injectFaults({ kind: 'status500', count: 2, match: '/remote/session' });
		expect((await list()).status).toBe(200);
		const body = { user: 'alice', device: '10.66.33.17', protocol: 'SSH' };
		expect((await api(sb, token, 'POST', '/iso/remote/session', body)).status).toBe(500);
		expect((await api(sb, token, 'POST', '/api/pam/remote/session', body)).status).toBe(500);
		expect((await api(sb, token, 'POST', '/iso/remote/session', body)).status).toBe(200);
		expect(sb.counters).toMatchObject({ createAttempts: 3, creates: 1, requests: 4 });
		expect(sb.sessions().map((s) => s.id)).toEqual([...SEEDED_IDS, '38']);
		expect(sb.sessions().at(-1)?.credential).toBe('usrsudonopass');
	});

	it('scopes faults to API calls by default, or to the token endpoint', async () => {
		const issuedBefore = sb.issuedTokens().length;
		sb.injectFaults({ kind: 'status503', scope: 'token' });
		expect((await list()).status).toBe(200);
		const tokenReply = await tokenRequest(sb, { grant_type: 'client_credentials', client_id: sb.clientId, client_secret: sb.clientSecret });
		expect(tokenReply.status).toBe(503);
		expect(sb.counters).toMatchObject({ tokenRequests: 1, tokenFailures: 1 });
		expect(sb.issuedTokens()).toHaveLength(issuedBefore);

		sb.injectFaults({ kind: 'status500' });
		expect((await getToken(sb)).length).toBeGreaterThan(0);
		expect((await list()).status).toBe(500);

		sb.injectFaults({ kind: 'status500', scope: 'all' });
		expect((await tokenRequest(sb, { grant_type: 'client_credentials' })).status).toBe(500);
	});

	it('rejects unknown kinds and bad values', () => {
		expect(() => sb.injectFaults({ kind: 'nope' as FaultKind })).toThrow(TypeError);
		expect(() => sb.injectFaults({ kind: 'drop', count: 0 })).toThrow(TypeError);
	});
});

describe('latency', () => {
	it('delays token and API answers, never control calls', async () => {
		sb.setLatency(200);
		let started = Date.now();
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		started = Date.now();
		await getToken(sb);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		started = Date.now();
		expect((await control(sb, 'GET', 'state')).status).toBe(200);
		expect(Date.now() - started).toBeLessThan(150);
		sb.reset();
		started = Date.now();
		await api(sb, token, 'GET', '/iso/session/remotesessions');
		expect(Date.now() - started).toBeLessThan(150);
	});
});

describe('counters and request records', () => {
	it('records every token and API request with what was sent and answered', async () => {
		await call(`${sb.baseUrl}/iso/session/remotesessions?page=2`);
		await api(sb, token, 'POST', '/iso/remote/session', { user: 'bob', device: '10.66.33.20', protocol: 'RDP', screensize: '1920x1080' });
		await control(sb, 'GET', 'state');
		expect(sb.counters).toEqual({ tokenRequests: 0, tokenFailures: 0, creates: 1, createAttempts: 1, terminates: 0, requests: 2 });
		expect(sb.requests).toHaveLength(2);
		expect(sb.requests[0]).toMatchObject({ method: 'GET', path: '/iso/session/remotesessions', query: { page: '2' }, status: 401 });
		expect(sb.requests[1]).toMatchObject({
			method: 'POST',
			path: '/iso/remote/session',
			fullPath: '/iso/remote/session',
			body: { user: 'bob', device: '10.66.33.20', protocol: 'RDP', screensize: '1920x1080' },
			status: 200,
			fault: null,
		});
		expect(sb.requests[1].headers.authorization).toBe(`Bearer ${token}`);
		expect(JSON.parse(sb.requests[1].rawBody)).toEqual(sb.requests[1].body);
		expect(Number.isNaN(Date.parse(sb.requests[1].time))).toBe(false);
	});

	it('keeps only the last 200 records', async () => {
		for (let i = 0; i < 205; i++) await call(`${sb.baseUrl}/iso/session/remotesessions/${i}`);
		expect(sb.counters.requests).toBe(205);
		expect(sb.requests).toHaveLength(200);
		expect(sb.requests[0].path).toBe('/iso/session/remotesessions/5');
	});
});

describe('control API', () => {
	it('GET state reports counters, pending faults and redacted requests', async () => {
		await api(sb, token, 'GET', '/iso/session/remotesessions');
		await tokenRequest(sb, { grant_type: 'client_credentials', client_id: sb.clientId, client_secret: sb.clientSecret });
		sb.injectFaults({ kind: 'drop', count: 3, match: '/drop/' });
		const reply = await control(sb, 'GET', 'state');
		expect(reply.status).toBe(200);
		const state = reply.json as { counters: Record<string, number>; faults: unknown[]; requests: Array<{ headers: Record<string, string> }> };
		expect(state.counters).toMatchObject({ requests: 2, tokenRequests: 1 });
		expect(state.faults).toEqual([{ kind: 'drop', remaining: 3, scope: 'api', match: '/drop/', retryAfterSeconds: 1, hangMs: 30000 }]);
		expect(state.requests[0].headers.authorization).toBe('Bearer <redacted>');
		expect(reply.text).not.toContain(token);
		expect(reply.text).not.toContain(sb.clientSecret);
		for (const issued of sb.issuedTokens()) expect(reply.text).not.toContain(issued);
	});

	it('POST faults, latency, token-lifetime and expire-tokens act like the in-process controls', async () => {
		expect((await control(sb, 'POST', 'faults', { kind: 'timedOut', match: 'remotesessions' })).status).toBe(200);
		expectError(await api(sb, token, 'GET', '/iso/session/remotesessions'), 504, 'Request timed out.');

		expect((await control(sb, 'POST', 'faults', { kind: 'bogus' })).status).toBe(400);
		expect((await control(sb, 'POST', 'latency', { ms: -1 })).status).toBe(400);
		expect((await control(sb, 'POST', 'latency', { ms: 25 })).json).toEqual({ latencyMs: 25 });

		expect((await control(sb, 'POST', 'token-lifetime', { seconds: 60 })).status).toBe(200);
		const reply = await tokenRequest(sb, { grant_type: 'client_credentials', client_id: sb.clientId, client_secret: sb.clientSecret });
		expect((reply.json as TokenAnswer).expires_in).toBe(60);

		expect((await control(sb, 'POST', 'expire-tokens')).status).toBe(200);
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions')).status).toBe(401);
	});

	it('POST reset restores the seed and zeroes counters; GET tokens lists what was handed out', async () => {
		const created = env(await api(sb, token, 'POST', '/iso/remote/session', { user: 'alice', device: '10.66.33.17', protocol: 'SSH' }));
		const tokens = (await control(sb, 'GET', 'tokens')).json as { accessTokens: string[]; sessionTokens: string[]; sessionUrls: string[] };
		expect(tokens.accessTokens).toContain(token);
		expect(tokens.sessionTokens).toContain(created.session?.token);
		expect(tokens.sessionUrls).toContain(created.session?.session_url);

		expect((await control(sb, 'POST', 'reset')).status).toBe(200);
		expect(sb.counters).toEqual({ tokenRequests: 0, tokenFailures: 0, creates: 0, createAttempts: 0, terminates: 0, requests: 0 });
		expect(sb.requests).toHaveLength(0);
		expect(sb.sessions().map((s) => s.id)).toEqual(SEEDED_IDS);
		// Issued tokens survive a reset.
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions')).status).toBe(200);
	});

	it('is never counted, recorded or faulted, and answers 404 for unknown endpoints', async () => {
		sb.injectFaults({ kind: 'drop', scope: 'all' });
		expect((await control(sb, 'GET', 'state')).status).toBe(200);
		expect((await control(sb, 'GET', 'nothing')).status).toBe(404);
		expect(sb.counters.requests).toBe(0);
		expect(sb.requests).toHaveLength(0);
	});
});

describe('CLI', () => {
	it('prints what to put in the credential, serves it, and stops cleanly on SIGTERM', async () => {
		const cli = await runCli(['--port', '0', '--base-path', '/segura', '--client-secret', 'cli-test-secret', '--timezone-offset', '-180']);
		const banner = cli.output();
		const baseUrl = /Base URL\s+(\S+)/.exec(banner)?.[1] ?? '';
		expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/segura$/);
		expect(banner).toMatch(/Client ID\s+n8n-sandbox-client/);
		expect(banner).toMatch(/Client Secret\s+cli-test-secret/);
		expect(banner).toContain(`${baseUrl.replace('/segura', '')}/__sandbox`);

		const reply = await call(`${baseUrl}/iso/oauth2/token`, {
			method: 'POST',
			headers: FORM,
			body: 'grant_type=client_credentials&client_id=n8n-sandbox-client&client_secret=cli-test-secret',
		});
		expect(reply.status).toBe(200);
		const accessToken = (reply.json as TokenAnswer).access_token as string;
		const list = await call(`${baseUrl}/iso/session/remotesessions`, { headers: { Authorization: `Bearer ${accessToken}` } });
		expect(list.status).toBe(200);
		// Seeded session 37 started 8 minutes ago, shown in UTC-3 (--timezone-offset -180).
		const start = parseLocal(env(list).remote_sessions?.find((x) => x.id === '37')?.start ?? null);
		expect(Math.abs(start - (Date.now() - 8 * 60 * 1000 - 180 * 60 * 1000))).toBeLessThan(5000);

		expect(await cli.stop('SIGTERM')).toBe(0);
		const output = cli.output();
		expect(output).toContain('GET /segura/iso/session/remotesessions → 200');
		expect(output).not.toContain(accessToken);
		// The secret appears once: in the start-up block.
		expect(output.split('cli-test-secret')).toHaveLength(2);
	});

	it('exits with a usage message on an unknown flag', async () => {
		const cli = await runCli(['--nope']);
		expect(await cli.exited).toBe(2);
		expect(cli.output()).toContain('Usage: npm run sandbox');
	});
});
