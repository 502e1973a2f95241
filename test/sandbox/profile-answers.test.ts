/**
 * Sandbox version profiles over real HTTP: what each version answers, point by point from its
 * pages — envelope keys per endpoint, wording, credential selection, get-one errors with their
 * `exception`, records, session id formats, drop messages and failures.
 */
import type { Sandbox } from '../../sandbox';
import { api, env } from './client';
import type { Fields, WireSession } from './client';
import { at, CREATE_BODY, openProfile, SERVED, TRAITS, VERSION_PROFILES } from './profile-cases';
import type { VersionName } from './profile-cases';

const CREATED = 'Session created successfully';
const DROP_FAILED = 'An error occurred while droping session';
const HEX40 = /^[0-9a-f]{40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ENGLISH_KEYS = ['id', 'user', 'origin_ip', 'credential', 'device', 'protocol', 'proxy', 'session_id', 'start', 'end', 'time', 'prevent_purge', 'request', 'ITSM'];
const PORTUGUESE_KEYS = ENGLISH_KEYS.map((k) => (k === 'credential' ? 'credencial' : k === 'device' ? 'dispositivo' : k));

/** The full `response` object, Portuguese message key as named. */
function response(status: number, message: string, errorCode: number, mensagem = message, messageKey = 'mensagem') {
	const error = status >= 400 || errorCode > 0;
	return { status, message, error, error_code: errorCode, detail: '', [messageKey]: mensagem, erro: error, cod_erro: errorCode };
}

/** 3.2x create: success only five keys; errors add cod_erro / error_code 0 (3.32 mirror). */
function shortResponse(status: number, message: string) {
	if (status < 400) return { status, mensagem: message, erro: false, message, error: false };
	return { status, mensagem: message, erro: true, cod_erro: 0, message, error: true, error_code: 0 };
}

const sessionLink = expect.stringMatching(/\/modulos\/auth\?_sr=[\w-]{40,}$/);

interface Expected {
	created: (token: RegExp) => object;
	tokenPattern: RegExp;
	noUser: [number, object];
	noCredential: [number, object] | 'automatic';
	getOneKey: 'remote_sessions' | 'remote_session';
	portuguese: boolean;
	sessionId: RegExp;
	dropped: object;
	dropFailed: object;
}

/** 3.25 as 3.32: the 3.32 pages are the nearest that show the session calls. */
const SESSION_3X: Expected = {
	created: (token) => ({ response: shortResponse(200, CREATED), session: { session_url: sessionLink, token: expect.stringMatching(token) } }),
	tokenPattern: /^[0-9a-f]{64}$/,
	noUser: [400, { response: shortResponse(400, 'User not specified') }],
	noCredential: [400, { response: shortResponse(400, 'Credential not specified') }],
	getOneKey: 'remote_sessions',
	portuguese: true,
	sessionId: HEX40,
	dropped: { response: response(200, 'Sessão interrompida com sucesso', 0) },
	dropFailed: { response: response(500, DROP_FAILED, 1) },
};

const EXPECTED: Record<VersionName, Expected> = {
	'3.25': SESSION_3X,
	'3.32': SESSION_3X,
	'4': {
		created: (token) => ({ code: 200, response: response(200, CREATED, 0, CREATED, 'Message'), tenant: 'Segura', session: { session_url: sessionLink, token: expect.stringMatching(token) } }),
		tokenPattern: /^[0-9a-f]{14}$/,
		noUser: [400, { response: response(400, 'Username not specified', 1), tenant: 'Segura' }],
		noCredential: [400, { response: response(400, 'Credential not specified', 1), tenant: 'Segura' }],
		getOneKey: 'remote_session',
		portuguese: false,
		sessionId: HEX40,
		dropped: { code: 200, response: response(200, 'Sessão interrompida com sucesso', 0) },
		dropFailed: { response: response(500, DROP_FAILED, 1) },
	},
	current: {
		created: (token) => ({ code: 200, response: response(200, CREATED, 0), tenant: 'Segura', session: { session_url: sessionLink, token: expect.stringMatching(token), selection_mode: 'explicit' } }),
		tokenPattern: /^[0-9a-f]{14}$/,
		noUser: [400, { response: response(400, 'Username not specified.', 1), tenant: 'Segura' }],
		noCredential: 'automatic',
		getOneKey: 'remote_session',
		portuguese: false,
		sessionId: UUID,
		dropped: { code: 200, response: response(200, 'Session dropped successfully', 0, 'Sessão encerrada com sucesso'), tenant: 'Segura' },
		dropFailed: { response: response(500, DROP_FAILED, 1), tenant: 'Segura' },
	},
};

describe.each(VERSION_PROFILES)('profile %s: answers', (name: VersionName) => {
	const expected = EXPECTED[name];
	const paths = SERVED[name];
	const tenant = TRAITS[name].tenant;
	let sb: Sandbox;
	let token: string;
	beforeAll(async () => ({ sb, token } = await openProfile(name)));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset());

	const create = (body: Fields) => api(sb, token, 'POST', paths.create, body);
	const list = async () => env(await api(sb, token, 'GET', paths.list)).remote_sessions as WireSession[];

	it('create: the success envelope has exactly the keys its page shows', async () => {
		const reply = await create(CREATE_BODY);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual(expected.created(expected.tokenPattern));
		expect(Object.keys(env(reply).response)).toEqual(Object.keys((expected.created(expected.tokenPattern) as { response: object }).response));
	});

	it('create: errors use the version wording', async () => {
		const [status, body] = expected.noUser;
		const reply = await create({ device: 'linux-srv-01', protocol: 'SSH', credential: 'deploy' });
		expect([reply.status, reply.json]).toEqual([status, body]);
	});

	it(expected.noCredential === 'automatic' ? 'create: without a credential, selects one automatically' : 'create: no automatic credential selection (credential required)', async () => {
		const reply = await create({ user: 'alice', device: 'linux-srv-01', protocol: 'SSH' });
		if (expected.noCredential === 'automatic') {
			expect(reply.status).toBe(200);
			expect(env(reply).session?.selection_mode).toBe('automatic');
		} else {
			expect([reply.status, reply.json]).toEqual(expected.noCredential);
			expect(sb.counters.creates).toBe(0);
		}
	});

	it('get one: an unknown id is HTTP 400 "1002: Session not found" with an exception object', async () => {
		const reply = await api(sb, token, 'GET', at(paths.getOne, '999'));
		const message = '1002: Session not found';
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual({ code: 400, response: response(400, message, 1), tenant, exception: { code: 1002, message, detail: null } });
	});

	it('get one: the session_id hash instead of the id is HTTP 400 "1003: Unexpected identifier type"', async () => {
		const hash = (await list())[0].session_id as string;
		const reply = await api(sb, token, 'GET', at(paths.getOne, hash));
		const message = '1003: Unexpected identifier type';
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual({ code: 400, response: response(400, message, 1), tenant, exception: { code: 1003, message, detail: null } });
	});

	it(`get one: answers ${expected.getOneKey} with ${expected.portuguese ? 'Portuguese' : 'English'} records`, async () => {
		const reply = await api(sb, token, 'GET', at(paths.getOne, '32'));
		expect(reply.status).toBe(200);
		expect(env(reply)).toMatchObject({ code: 200, response: response(200, '', 0), tenant });
		const records = env(reply)[expected.getOneKey] as WireSession[];
		expect(Object.keys(env(reply))).toEqual(['code', 'response', 'tenant', expected.getOneKey]);
		expect(records).toHaveLength(1);
		expect(Object.keys(records[0])).toEqual(expected.portuguese ? PORTUGUESE_KEYS : ENGLISH_KEYS);
		expect(records[0]).toMatchObject({ id: '32', user: 'bob', protocol: 'RDP' });
	});

	it(expected.portuguese ? 'records: "Não", ITSM filled in, RDP Proxy sessions beside web proxy ones' : 'records: "No", ITSM only on the sessions of a ticket, web proxy sessions only', async () => {
		expect((await create(CREATE_BODY)).status).toBe(200);
		const all = await list();
		expect(all.map((s) => s.id)).toEqual(['30', '31', '32', '33', '34', '35', '36', '37', '38']);
		const proxies = new Set(all.map((s) => s.proxy));
		if (expected.portuguese) {
			expect(all.every((s) => s.prevent_purge === 'Não' && typeof s.ITSM === 'string' && s.ITSM !== '')).toBe(true);
			expect(all.find((s) => s.id === '36')?.ITSM).toBe('INC0012345');
			expect(proxies).toEqual(new Set(['Web Proxy', 'RDP Proxy']));
			expect(all.find((s) => s.id === '38')?.proxy).toBe('Web Proxy');
			expect(all[0]).toMatchObject({ credencial: 'usrsudonopass', dispositivo: '10.66.33.17:22' });
		} else {
			expect(all.every((s) => s.prevent_purge === 'No')).toBe(true);
			expect(all.filter((s) => s.ITSM !== null).map((s) => [s.id, s.ITSM])).toEqual([['33', 'INC0012345'], ['36', 'INC0012345']]);
			expect(proxies).toEqual(new Set(['Web Proxy']));
			expect(all[0]).toMatchObject({ credential: 'usrsudonopass', device: '10.66.33.17:22' });
		}
	});

	it(`session ids are ${expected.sessionId === UUID ? 'in UUID form' : 'the 40-hex hash'}, the same in list, get one and drop`, async () => {
		const all = await list();
		for (const s of all) expect(s.session_id).toMatch(expected.sessionId);
		const one = env(await api(sb, token, 'GET', at(paths.getOne, '36')))[expected.getOneKey]?.[0];
		expect(one?.session_id).toBe(all.find((s) => s.id === '36')?.session_id);
		expect((await api(sb, token, 'DELETE', at(paths.drop, one?.session_id as string))).status).toBe(200);
		if (expected.sessionId === UUID) {
			// The store's 40-hex hash is not an id this version knows.
			const hex = sb.sessions().find((s) => s.id === '37')?.session_id as string;
			expect((await api(sb, token, 'DELETE', at(paths.drop, hex))).status).toBe(500);
		}
	});

	it('drop: the success message and envelope of its page', async () => {
		const id = (await list()).find((s) => s.id === '37')?.session_id as string;
		const reply = await api(sb, token, 'DELETE', at(paths.drop, id));
		expect([reply.status, reply.json]).toEqual([200, expected.dropped]);
		expect(sb.counters.terminates).toBe(1);
		expect((await list()).find((s) => s.id === '37')?.end).not.toBeNull();
	});

	it('drop: an ended session or an unknown id is HTTP 500, status 500, error_code 1', async () => {
		const ended = (await list()).find((s) => s.id === '30')?.session_id as string;
		for (const id of [ended, 'feedface']) {
			const reply = await api(sb, token, 'DELETE', at(paths.drop, id));
			expect([reply.status, reply.json]).toEqual([500, expected.dropFailed]);
		}
		expect(sb.counters.terminates).toBe(0);
	});
});
