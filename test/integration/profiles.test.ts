/**
 * Every operation against every sandbox version profile, in n8n's engine over real HTTP, with the
 * credential's API Paths at its default (Auto): a behaviour missing in one profile fails a cell named
 * "<profile> × <operation>". The requests each profile cost (route-level 404 probes included) are
 * printed once at the end.
 */
import type { INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { PROFILES, type ProfileName, type Sandbox } from '../../sandbox';
import type { Engine } from '../harness/engine';
import { printSummary } from '../reliability/report';
import { addCredential, items, json, NODE_TYPE, sandbox, seguraEngine } from './setup';

const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
const costs: string[] = [];

const create = (credential: string) => ({
	operation: 'create',
	user: '={{ $json.user }}',
	device: '10.66.33.17',
	protocol: 'SSH',
	credential,
});
const findActive = (user: string) => ({
	operation: 'getMany',
	returnAll: true,
	filters: { user, status: 'active' },
});
const terminateHash = (hash: unknown, options: INodeParameters = {}): INodeParameters => ({
	operation: 'terminate',
	terminateBy: 'sessionHash',
	sessionHash: String(hash),
	options,
});

afterAll(() => printSummary('Requests per profile with API Paths Auto', costs));

describe.each(PROFILE_NAMES)('%s', (profile) => {
	let box: Sandbox;
	let engine: Engine;
	let credentials: ReturnType<typeof addCredential>;
	const basicOnly = !PROFILES[profile].clientAuthentication.includes('body');
	const automatic = PROFILES[profile].automaticCredentialSelection;
	const run = (parameters: INodeParameters, user = 'alice') =>
		engine.runNode({ nodeType: NODE_TYPE, parameters, credentials, items: items({ user }) });

	beforeAll(async () => {
		box = await sandbox({ profile });
		engine = seguraEngine();
		credentials = addCredential(engine, box, { apiPaths: 'auto', authentication: basicOnly ? 'header' : 'body' });
	});
	afterAll(async () => await box.close());

	test(`${profile} × credential test`, async () => {
		const result = await engine.testCredential(credentials.seguraOAuth2Api.id);
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
	});

	test(`${profile} × create (explicit credential), 5 items: one probe sequence per endpoint`, async () => {
		const before = box.requests.length;
		const { items: output, error } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: create('usrsudonopass'),
			credentials,
			items: items(...['alice', 'bob', 'carol', 'alice', 'bob'].map((user) => ({ user }))),
		});
		expect(error).toBeUndefined();
		expect(json(output).map((item) => typeof item.session_url)).toEqual(Array(5).fill('string'));
		const calls = box.requests.slice(before).filter((request) => !request.path.includes('oauth2'));
		const probes = calls.filter((request) => request.status === 404).length;
		expect(calls.length - probes).toBe(5);
		expect(probes).toBeLessThanOrEqual(2);
		costs.push(`${profile.padEnd(12)} create ×5: ${calls.length} requests (${probes} route-level 404 probes)`);
	});

	test(`${profile} × create without a credential`, async () => {
		const { items: output, error } = await run(create(''), 'carol');
		if (automatic) {
			expect(error).toBeUndefined();
			expect(json(output)[0]).toMatchObject({ selection_mode: 'automatic' });
		} else {
			expect(error?.message).toMatch(/^Credential not specified\.?$/);
			expect((error as { description?: string }).description).toMatch(/Device Credential/);
		}
	});

	test(`${profile} × get many, get, terminate by hash, already ended, unknown hash`, async () => {
		const before = box.requests.length;
		const listed = await run(findActive('alice'));
		expect(listed.error).toBeUndefined();
		const sessions = json(listed.items);
		expect(sessions.length).toBeGreaterThanOrEqual(2);
		const [newest] = sessions;
		expect(newest).toMatchObject({ user: 'alice', active: true, device_host: '10.66.33.17' });

		const got = await run({ operation: 'get', remoteSessionId: String(newest.id) });
		expect(got.error).toBeUndefined();
		expect(json(got.items)[0]).toMatchObject({ id: newest.id, session_id: newest.session_id });

		const ended = await run(terminateHash(newest.session_id));
		expect(ended.error).toBeUndefined();
		expect(json(ended.items)[0]).toMatchObject({ terminated: true, already_ended: false, session_id: newest.session_id });
		expect(String(json(ended.items)[0].message)).not.toBe('');

		const again = await run(terminateHash(newest.session_id));
		expect(again.error?.message).toMatch(new RegExp(`^Remote session ${newest.id} has already ended \\(at .+\\)$`));
		const ignored = await run(terminateHash(newest.session_id, { ignoreIfAlreadyEnded: true }));
		expect(ignored.error).toBeUndefined();
		expect(json(ignored.items)[0]).toMatchObject({ already_ended: true });

		const unknown = await run(terminateHash('0123456789abcdef0123456789abcdef01234567', { ignoreIfAlreadyEnded: true }));
		expect(unknown.error).toBeDefined();
		expect(unknown.items).toEqual([]);
		const calls = box.requests.slice(before).filter((request) => !request.path.includes('oauth2'));
		costs.push(`${profile.padEnd(12)} read and terminate (6 runs): ${calls.length} requests (${calls.filter((r) => r.status === 404).length} route-level 404 probes)`);
	});

	test(`${profile} × terminate by id`, async () => {
		const [session] = json((await run(findActive('bob'), 'bob')).items);
		const ended = await run({ operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: String(session.id) }, 'bob');
		expect(ended.error).toBeUndefined();
		expect(json(ended.items)[0]).toMatchObject({ terminated: true, id: session.id, session_id: session.session_id });
	});

	test(`${profile} × terminate the sessions of a user on a device, started after a Create's created_at`, async () => {
		const activeIds = () => box.sessions().filter((s) => s.device.startsWith('10.66.33.18') && s.end === null).map((s) => s.id);
		// Opens a session; returns Create's output and the id the sandbox gave it.
		const openOn18 = async (user: string) => {
			const before = new Set(box.sessions().map((s) => s.id));
			const output = json((await run({ operation: 'create', user, device: '10.66.33.18', protocol: 'SSH', credential: 'dbadmin' }, user)).items)[0];
			return { output, id: box.sessions().find((s) => !before.has(s.id))?.id };
		};
		const seeded = activeIds();
		const older = await openOn18('carol');
		// Segura's times are to the second: the next Create's created_at is a later second.
		await sleep(1100);
		const opened = await openOn18('carol');
		const bobs = await openOn18('bob');
		expect(activeIds()).toEqual([...seeded, older.id, opened.id, bobs.id]);
		const byUserDevice = (startedAfter: unknown) =>
			run({ operation: 'terminate', terminateBy: 'userDevice', user: 'carol', device: '10.66.33.18', startedAfter: String(startedAfter), options: { timezone: 'UTC' } }, 'carol');

		const closed = await byUserDevice(opened.output.created_at);
		expect(closed.error).toBeUndefined();
		expect(json(closed.items)).toEqual([expect.objectContaining({ terminated: true, already_ended: false, id: opened.id, user: 'carol', end: null })]);
		// Only the session that Create opened ended: the older one of the same user, bob's and the seeded ones stay.
		expect(activeIds()).toEqual([...seeded, older.id, bobs.id]);

		const none = await byUserDevice(opened.output.created_at);
		expect(json(none.items)).toEqual([expect.objectContaining({ terminated: false, already_ended: false, session_id: null })]);
		expect(String(json(none.items)[0].message)).toMatch(/^No active remote session of carol on 10\.66\.33\.18 started at or after .+: nothing to terminate$/);
	});

	test(`${profile} × sessions of a ticket: request and ITSM as Segura sends them, the ticket helper, the Ticket filter`, async () => {
		const ofTicket = await run({ operation: 'getMany', returnAll: true, filters: { ticket: 'inc0012345' } });
		expect(ofTicket.error).toBeUndefined();
		expect(json(ofTicket.items).map(({ id, ITSM, request, ticket }) => ({ id, ITSM, request, ticket }))).toEqual([
			{ id: '36', ITSM: 'INC0012345', request: '4102', ticket: 'INC0012345' },
			{ id: '33', ITSM: 'INC0012345', request: '4100', ticket: 'INC0012345' },
		]);
		const contains = await run({ operation: 'getMany', returnAll: true, filters: { ticket: '0012345', ticketMatch: 'contains', status: 'active' } });
		expect(json(contains.items).map((session) => session.id)).toEqual(['36']);
		const byRequest = await run({ operation: 'getMany', returnAll: true, filters: { ticket: '4101' } });
		expect(json(byRequest.items).map((session) => session.id)).toEqual(['34']);
		const got = await run({ operation: 'get', remoteSessionId: '36' });
		expect(json(got.items)[0]).toMatchObject({ request: '4102', ITSM: 'INC0012345', ticket: 'INC0012345' });
	});

	test(`${profile} × an unknown user, device, credential or session id is named, nothing created`, async () => {
		const createsBefore = box.counters.creates;
		const createOn = (user: string, device: string, credential: string) =>
			run({ operation: 'create', user, device, protocol: 'SSH', credential }, user);
		const headline = async (result: Promise<{ error?: Error }>) => (await result).error?.message;
		expect(await headline(createOn('mallory', '10.66.33.17', 'deploy'))).toBe('Segura has no user mallory');
		expect(await headline(createOn('alice', '10.66.33.99', 'deploy'))).toBe('Segura has no device 10.66.33.99');
		expect(await headline(createOn('alice', '10.66.33.17', 'dbadmin'))).toBe('Segura has no credential dbadmin on device linux-srv-01 (10.66.33.17)');
		expect(box.counters.creates - createsBefore).toBe(0);
		const unknownId = await run({ operation: 'get', remoteSessionId: '999999' });
		expect(unknownId.error?.message).toBe('Segura has no remote session with id 999999');
		expect((unknownId.error as { description?: string }).description).toMatch(/nothing was read/);
	});

	test(`${profile} × an expired token is replaced once, without a second session`, async () => {
		const tokensBefore = box.counters.tokenRequests;
		const createsBefore = box.counters.creates;
		box.expireTokens();
		const { error } = await run(create('deploy'), 'carol');
		// n8n 1.x renews a token only after a 401: a version that refuses an expired one with a 403
		// gets Segura's refusal, nothing created (README, Compatibility).
		const renews = N8N_LINE === 2 || (PROFILES[profile].tokenRejectedStatus ?? 401) === 401;
		if (renews) expect(error).toBeUndefined();
		else expect((error as { httpCode?: string }).httpCode).toBe('403');
		expect(box.counters.tokenRequests - tokensBefore).toBe(renews ? 1 : 0);
		expect(box.counters.creates - createsBefore).toBe(renews ? 1 : 0);
	});
});
