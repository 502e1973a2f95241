/**
 * Get, Get Many and Terminate inside n8n's own execution engine, over real HTTP against the Segura
 * sandbox, on sessions Create made or the sandbox seeded.
 */
import { NodeApiError } from 'n8n-workflow';

import { addCredential, box, create, engine, items, json, NODE_TYPE, useSandboxAndEngine } from './setup';

useSandboxAndEngine();

describe('the session lifecycle: get, get many, terminate', () => {
	it('finds a created session, reads it, terminates it by id, and sees it ended', async () => {
		const credentials = addCredential(engine, box);
		await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items({ user: 'carol', device: '10.66.33.17', credential: 'deploy' }) });

		const listed = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'getMany', returnAll: true, filters: { user: 'carol', status: 'active', device: '10.66.33.17' } },
			credentials,
		});
		expect(json(listed.items)).toHaveLength(1);
		const [session] = json(listed.items);
		expect(session).toMatchObject({ user: 'carol', credential: 'deploy', device: '10.66.33.17:22', device_host: '10.66.33.17', device_port: 22, active: true, end: null, end_iso: null });

		// The sandbox reports UTC wall-clock time, as an appliance set to UTC would.
		const got = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'get', remoteSessionId: String(session.id), options: { timezone: 'UTC' } },
			credentials,
		});
		expect(json(got.items)[0]).toMatchObject({ id: session.id, session_id: session.session_id, start: session.start });
		expect(json(got.items)[0].start_iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(Math.abs(Date.parse(String(json(got.items)[0].start_iso)) - Date.now())).toBeLessThan(60_000);

		const ended = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: String(session.id) },
			credentials,
		});
		expect(json(ended.items)).toEqual([
			{ terminated: true, already_ended: false, session_id: session.session_id, id: session.id, user: 'carol', device: '10.66.33.17:22', end: null, message: 'Session dropped successfully' },
		]);
		expect(box.sessions().find((entry) => entry.id === session.id)?.end).not.toBeNull();

		const again = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: String(session.session_id) },
			credentials,
		});
		expect(again.error).toBeInstanceOf(NodeApiError);
		// Segura's "An error occurred while droping session" cannot tell ended from unknown: the look-up did.
		expect(again.error?.message).toMatch(new RegExp(`^Remote session ${session.id} has already ended \\(at \\d{4}-\\d\\d-\\d\\d.+\\)$`));

		const ignored = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: String(session.session_id), options: { ignoreIfAlreadyEnded: true } },
			credentials,
		});
		expect(json(ignored.items)[0]).toMatchObject({ terminated: false, already_ended: true, session_id: session.session_id });
		expect(box.counters.terminates).toBe(1);
	});

	it('lists newest first with a limit, and filters ended sessions in a time window', async () => {
		const credentials = addCredential(engine, box);
		const limited = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'getMany', returnAll: false, limit: 3 }, credentials });
		expect(json(limited.items).map((session) => session.id)).toEqual(['37', '36', '35']);

		const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
		const audit = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'getMany', returnAll: true, filters: { status: 'ended', startedAfter: since }, options: { timezone: 'UTC' } },
			credentials,
		});
		expect(json(audit.items).map((session) => session.id)).toEqual(['35', '34']);
		expect(json(audit.items).every((session) => typeof session.duration_seconds === 'number')).toBe(true);
	});
});

describe('pairing where n8n cannot fill it in (outputs per input differ, an error among them)', () => {
	it('Get Many for several users: each session paired to the item that asked, the error item to its own', async () => {
		const credentials = addCredential(engine, box);
		const { items: output, error } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'getMany', returnAll: true, filters: { user: '={{ $json.user }}', startedAfter: '={{ $json.since }}' } },
			credentials,
			continueOnFail: true,
			items: items({ user: 'alice', since: '' }, { user: 'bob', since: 'not a date' }, { user: 'carol', since: '' }),
		});
		expect(error).toBeUndefined();
		const sessionsOf = (user: string) => box.sessions().filter((session) => String(session.user).toLowerCase() === user).length;
		const [alice, carol] = [sessionsOf('alice'), sessionsOf('carol')];
		expect(alice).toBeGreaterThan(1);
		expect(carol).toBeGreaterThan(0);
		// Every item's pairing spelled out: alice's sessions to item 0, the error to item 1, carol's to 2.
		expect(output.map((item) => item.pairedItem)).toEqual([
			...Array(alice).fill({ item: 0 }),
			{ item: 1 },
			...Array(carol).fill({ item: 2 }),
		]);
		expect(json(output).slice(0, alice).every((session) => String(session.user).toLowerCase() === 'alice')).toBe(true);
		expect(output[alice].json.error).toMatch(/Started After/);
		expect(json(output).slice(alice + 1).every((session) => String(session.user).toLowerCase() === 'carol')).toBe(true);
	});
});
