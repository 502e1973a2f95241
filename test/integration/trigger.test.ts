/**
 * The Segura Remote Session Trigger polled the way n8n polls it (one n8n-core PollContext per activation, static
 * data kept between polls) over real HTTP against the sandbox; sessions are created and dropped
 * between polls through the Segura Remote Session node, in n8n's engine too.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { SandboxSession } from '../../sandbox';
import { pollingTrigger } from '../harness/poll';
import { addCredential, box, engine, items, json, NODE_TYPE, TRIGGER_TYPE, useSandboxAndEngine } from './setup';

useSandboxAndEngine();

type Credentials = ReturnType<typeof addCredential>;

async function createSession(credentials: Credentials, user: string, device: string, protocol: string, credential: string) {
	const { error } = await engine.runNode({
		nodeType: NODE_TYPE,
		parameters: { operation: 'create', user, device, protocol, credential },
		credentials,
		items: items({}),
	});
	expect(error).toBeUndefined();
	return box.sessions().at(-1) as SandboxSession;
}

async function dropSession(credentials: Credentials, session: SandboxSession) {
	const { error } = await engine.runNode({
		nodeType: NODE_TYPE,
		parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: session.session_id },
		credentials,
	});
	expect(error).toBeUndefined();
}

/** "id:event" per item, as a poll emitted them. */
const got = (output: INodeExecutionData[] | null) => output?.map(({ json: item }) => `${item.id}:${item.event}`) ?? [];

/**
 * The events a poll must emit, in the trigger's documented order, from the sandbox's own records:
 * by the time they happened (start or end), a start before an end in the same second, then by id.
 */
function expected(...events: Array<[string, 'started' | 'ended']>): string[] {
	const at = ([id, event]: [string, string]) => {
		const session = box.sessions().find((s) => s.id === id) as SandboxSession;
		return Date.parse(`${(event === 'started' ? session.start : session.end)?.replace(' ', 'T')}Z`);
	};
	return [...events]
		.sort((a, b) => at(a) - at(b) || (a[1] === b[1] ? 0 : a[1] === 'started' ? -1 : 1) || Number(a[0]) - Number(b[0]))
		.map(([id, event]) => `${id}:${event}`);
}

describe('Segura Remote Session Trigger over real HTTP', () => {
	it('baseline, events between polls, each once, one list request per poll, failed poll, Fetch Test Event', async () => {
		const credentials = addCredential(engine, box);
		const trigger = pollingTrigger(engine, {
			nodeType: TRIGGER_TYPE,
			parameters: { events: ['started', 'ended'], filters: {}, options: {} },
			credentials,
		});
		const lists = () => box.routeRequests.list;

		// Poll 1, the activation: the seeded sessions (36 and 37 active, 30-35 ended) are the baseline.
		expect(await trigger.poll()).toBeNull();
		expect(lists()).toBe(1);
		const baseline = trigger.staticData();
		// The memory holds the active sessions; the ended ones are older than the activation.
		const active = { state: 'active', startMs: expect.any(Number) };
		expect(baseline.sessions).toEqual({ 36: active, 37: active });

		// Between polls 1 and 2: alice starts one; bob starts and ends one; carol's seeded 36 ends.
		const seeded36 = box.sessions().find((s) => s.id === '36') as SandboxSession;
		const alice = await createSession(credentials, 'alice', '10.66.33.17', 'SSH', 'usrsudonopass');
		const bob = await createSession(credentials, 'bob', '10.66.33.20', 'RDP', 'Administrator');
		await dropSession(credentials, bob);
		await dropSession(credentials, seeded36);
		const poll2 = await trigger.poll();
		expect(got(poll2)).toEqual(expected([alice.id, 'started'], [bob.id, 'started'], [bob.id, 'ended'], ['36', 'ended']));
		expect(lists()).toBe(2);
		const [first] = json(poll2 ?? []);
		expect(first).toMatchObject({ user: expect.any(String), session_id: expect.any(String), start_iso: expect.any(String), device_host: expect.any(String) });

		// Poll 3: nothing changed, nothing emitted again.
		expect(await trigger.poll()).toBeNull();

		// Poll 4 fails (the list answers 500): the state stays as it was and the error is thrown.
		const before = trigger.staticData();
		await dropSession(credentials, alice);
		box.injectFaults({ kind: 'status500', match: 'remotesessions' });
		await expect(trigger.poll()).rejects.toThrow();
		expect(trigger.staticData()).toEqual(before);

		// Poll 5 catches up: alice's session ended.
		expect(got(await trigger.poll())).toEqual([`${alice.id}:ended`]);
		expect(lists()).toBe(5);

		// Fetch Test Event: the newest session, and the state untouched.
		const carol = await createSession(credentials, 'carol', '10.66.33.17', 'SSH', 'deploy');
		const state = trigger.staticData();
		expect(got(await trigger.fetchTestEvent())).toEqual([`${carol.id}:started`]);
		expect(trigger.staticData()).toEqual(state);
		expect(got(await trigger.poll())).toEqual([`${carol.id}:started`]);
		expect(lists()).toBe(7);
	});

	it('only the chosen events of matching sessions; Fetch Test Event says when none matches', async () => {
		const credentials = addCredential(engine, box);
		const trigger = pollingTrigger(engine, {
			nodeType: TRIGGER_TYPE,
			parameters: { events: ['ended'], filters: { user: 'bob', protocol: 'rdp' }, options: {} },
			credentials,
		});
		expect(await trigger.poll()).toBeNull();
		const alice = await createSession(credentials, 'alice', '10.66.33.17', 'SSH', 'usrsudonopass');
		const bob = await createSession(credentials, 'bob', '10.66.33.20', 'RDP', 'Administrator');
		expect(await trigger.poll()).toBeNull();
		await dropSession(credentials, alice);
		await dropSession(credentials, bob);
		expect(got(await trigger.poll())).toEqual([`${bob.id}:ended`]);

		const nobody = pollingTrigger(engine, {
			nodeType: TRIGGER_TYPE,
			parameters: { events: ['started'], filters: { user: 'nobody' }, options: {} },
			credentials,
		});
		await expect(nobody.fetchTestEvent()).rejects.toThrow("No remote session in Segura's list matches the trigger's filters");
	});

	it('the Ticket filter: Fetch Test Event gives the newest session of the ticket, with its request, ITSM and ticket', async () => {
		const credentials = addCredential(engine, box);
		const ofTicket = (filters: Record<string, string>) =>
			pollingTrigger(engine, { nodeType: TRIGGER_TYPE, parameters: { events: ['started', 'ended'], filters, options: {} }, credentials }).fetchTestEvent();
		const [newest] = (await ofTicket({ ticket: 'inc0012345' })) ?? [];
		expect(newest.json).toMatchObject({ event: 'started', id: '36', ITSM: 'INC0012345', request: '4102', ticket: 'INC0012345' });
		const [byRequest] = (await ofTicket({ ticket: '410', ticketMatch: 'contains', user: 'alice' })) ?? [];
		expect(byRequest.json).toMatchObject({ id: '34', request: '4101', ticket: '4101' });
		await expect(ofTicket({ ticket: 'INC00123' })).rejects.toThrow("No remote session in Segura's list matches the trigger's filters");
	});
});
