import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { SeguraRemoteSessionTrigger } from '../../nodes/Segura/SeguraRemoteSessionTrigger.node';
import { waitFor } from '../reliability/wait';
import { errorBody, listedSession, node, ok, workflowOf } from './mock-context';
import { pollContext as mockPollContext, newWorkflowId, triggerUnderTest, useClock, type PollContextOptions } from './trigger-context';

// bob's sessions are RDP to another device; everyone else's SSH to the same one.
const session = (id: number, user: string, protocol: string, start: string, end: string | null = null) =>
	listedSession(id, user, user === 'bob' ? '10.66.33.20:3389' : '10.66.33.17:22', protocol, start, end);

const s30 = session(30, 'alice', 'SSH', '2026-11-20 08:00:00', '2026-11-20 08:10:00');
const s36 = session(36, 'carol', 'SSH', '2026-11-29 10:00:00');
const s38 = session(38, 'alice', 'SSH', '2026-11-29 11:00:00');
const s39 = session(39, 'bob', 'RDP', '2026-11-29 11:05:00', '2026-11-29 11:06:00');
const ended = (s: typeof s36, end: string) => ({ ...s, end, time: '00:30:00' });

const { after } = useClock();

/** n8n's poll context for one trigger node of a workflow of its own, in a poll after the baseline. */
function pollContext(options: Omit<PollContextOptions, 'workflowId'> & { workflowId?: string }) {
	return mockPollContext({ workflowId: options.workflowId ?? newWorkflowId(), activation: 'update', ...options });
}

/** A scheduled poll (session 38 new since the baseline) that waits for the list until the test releases it. */
async function pollWaitingForTheList() {
	const baseline = trigger();
	await baseline.poll([]);
	const { memory, workflowId } = baseline;
	let release: (() => void) | undefined;
	after([s38]);
	const slow = pollContext({ memory, workflowId, list: () => ok({ remote_sessions: [s38] }) });
	const answer = slow.context.helpers.httpRequestWithAuthentication;
	slow.context.helpers.httpRequestWithAuthentication = (async (...args: Parameters<typeof answer>) => {
		await new Promise<void>((resolve) => (release = resolve));
		return await answer.call(slow.context, ...args);
	}) as typeof answer;
	const first = new SeguraRemoteSessionTrigger().poll.call(slow.context);
	await waitFor(() => release !== undefined);
	return { memory, workflowId, first, release: () => release?.() };
}

const trigger = (parameters?: IDataObject) => triggerUnderTest(after, { parameters });

describe('Segura Remote Session Trigger poll', () => {
	it('the first poll records a baseline and emits nothing old', async () => {
		const { poll, memory } = trigger();
		expect(await poll([s30, s36])).toBeNull();
		// Session 30 ended long before the activation: its start alone says it is old.
		expect(memory.sessions).toEqual({ 36: { state: 'active', startMs: Date.parse('2026-11-29T10:00:00Z') } });
		expect(memory.sinceMs).toBe(Date.parse('2026-11-29T10:30:00Z'));
	});

	it('emits started and ended events, each once, with one list request per poll', async () => {
		const { poll, requests } = trigger();
		await poll([s30, s36]);
		expect(await poll([s30, s36, s38, s39])).toEqual(['38:started', '39:started', '39:ended']);
		expect(await poll([s30, s36, s38, s39])).toBeNull();
		expect(await poll([s30, ended(s36, '2026-11-29 12:00:00'), s38, s39])).toEqual(['36:ended']);
		expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(
			Array(4).fill('GET https://segura.example.com/iso/session/remotesessions'),
		);
	});

	it('gives each event the session\'s fields, the helper fields and `event`', async () => {
		const { poll, memory, workflowId } = trigger();
		await poll([s30]);
		after([s38]);
		const { context } = pollContext({ memory, workflowId, list: () => ok({ remote_sessions: [s30, s38] }) });
		const [[item]] = (await new SeguraRemoteSessionTrigger().poll.call(context)) as INodeExecutionData[][];
		expect(item.json).toEqual({
			event: 'started',
			...s38,
			start_iso: '2026-11-29T11:00:00Z',
			end_iso: null,
			duration_seconds: expect.any(Number),
			device_host: '10.66.33.17',
			device_port: 22,
			active: true,
			ticket: null,
		});
	});

	it('a failed poll keeps the state and throws Segura\'s error; the next poll catches up', async () => {
		const { poll, memory } = trigger();
		await poll([s30, s36]);
		const before = structuredClone(memory);
		await expect(poll({ status: 500, body: errorBody(500, 'Unexpected error.') })).rejects.toThrow('Unexpected error.');
		expect(memory).toEqual(before);
		expect(await poll([s30, ended(s36, '2026-11-29 12:00:00'), s38])).toEqual(['38:started', '36:ended']);
	});

	it('a failed first poll records no baseline', async () => {
		const { poll, memory } = trigger();
		await expect(poll({ status: 500, body: errorBody(500, 'Unexpected error.') })).rejects.toThrow();
		expect(memory).toEqual({});
		expect(await poll([s30, s36])).toBeNull();
	});

	it('applies the events and the filters to what it emits, and keeps track of every session', async () => {
		const { poll, memory } = trigger({ events: ['ended'], filters: { user: 'ALICE', protocol: 'ssh' } });
		await poll([s30, s36]);
		expect(await poll([s30, s36, s38, s39])).toBeNull();
		expect(memory.sessions).toEqual({
			36: { state: 'active', startMs: Date.parse('2026-11-29T10:00:00Z') },
			38: { state: 'active', startMs: Date.parse('2026-11-29T11:00:00Z') },
			39: { state: 'ended', startMs: Date.parse('2026-11-29T11:05:00Z') },
		});
		expect(await poll([s30, ended(s36, '2026-11-29 12:00:00'), ended(s38, '2026-11-29 12:01:00'), s39])).toEqual([
			'38:ended',
		]);
	});

	it('filters by device host, with or without the port', async () => {
		for (const device of ['10.66.33.20', '10.66.33.20:3389']) {
			const { poll } = trigger({ filters: { device } });
			await poll([s30]);
			expect(await poll([s30, s38, s39])).toEqual(['39:started', '39:ended']);
		}
	});

	it('filters by ticket, exact or contained, in the ITSM code or the request', async () => {
		const ticketed = { ...s39, ITSM: 'INC0012345', request: '4102' };
		for (const filters of [{ ticket: 'inc0012345' }, { ticket: '4102' }, { ticket: '0123', ticketMatch: 'contains' }]) {
			const { poll } = trigger({ filters });
			await poll([s30]);
			expect(await poll([s30, s38, ticketed])).toEqual(['39:started', '39:ended']);
		}
		const { poll } = trigger({ filters: { ticket: 'INC00123' } });
		await poll([s30]);
		expect(await poll([s30, s38, ticketed])).toBeNull();
	});

	it('skips a poll that starts while the previous one waits for the list', async () => {
		const { memory, workflowId, first, release } = await pollWaitingForTheList();
		const fast = pollContext({ memory, workflowId, list: () => ok({ remote_sessions: [s38] }) });
		expect(await new SeguraRemoteSessionTrigger().poll.call(fast.context)).toBeNull();
		expect(fast.requests).toHaveLength(0);
		release();
		expect((await first)?.[0].map((item) => item.json.event)).toEqual(['started']);
		// Once the first poll is done, polls run again.
		expect(await new SeguraRemoteSessionTrigger().poll.call(fast.context)).toBeNull();
		expect(fast.requests).toHaveLength(1);
	});

	it('reads the credential on every poll, so an edited credential takes effect without reactivation', async () => {
		const memory: IDataObject = {};
		const { context, reads } = pollContext({ memory, list: () => ok({ remote_sessions: [s30] }) });
		await new SeguraRemoteSessionTrigger().poll.call(context);
		await new SeguraRemoteSessionTrigger().poll.call(context);
		expect(reads.credentials).toBe(2);
	});

	it("names the trigger when Segura's list has another shape", async () => {
		const { poll } = trigger();
		await expect(poll(ok({ sessions: [] }))).rejects.toThrow(
			"Segura's answer to the Segura Remote Session Trigger does not have the documented shape: has neither remote_session nor remote_sessions",
		);
	});

	it('a Fetch Test Event while a poll waits for the list neither waits nor lifts the poll guard', async () => {
		const { memory, workflowId, first, release } = await pollWaitingForTheList();
		const manual = pollContext({ memory, workflowId, mode: 'manual', list: () => ok({ remote_sessions: [s38] }) });
		expect((await new SeguraRemoteSessionTrigger().poll.call(manual.context))?.[0].map((item) => item.json.id)).toEqual(['38']);
		const next = pollContext({ memory, workflowId, list: () => ok({ remote_sessions: [s38] }) });
		expect(await new SeguraRemoteSessionTrigger().poll.call(next.context)).toBeNull();
		expect(next.requests).toHaveLength(0);
		release();
		await first;
	});

	it('a Fetch Test Event leaves the scheduled polls free to run', async () => {
		const memory: IDataObject = {};
		const workflowId = newWorkflowId();
		const manual = pollContext({ memory, workflowId, mode: 'manual', list: () => ok({ remote_sessions: [s38] }) });
		await new SeguraRemoteSessionTrigger().poll.call(manual.context);
		const scheduled = pollContext({ memory, workflowId, list: () => ok({ remote_sessions: [s38] }) });
		await new SeguraRemoteSessionTrigger().poll.call(scheduled.context);
		expect(scheduled.requests).toHaveLength(1);
	});

	it('an Events field n8n does not hand over counts as empty', async () => {
		const memory: IDataObject = {};
		const parameters: IDataObject = { filters: {}, options: {} };
		const { context } = pollContext({ memory, list: () => ok({ remote_sessions: [] }) });
		const getNodeParameter = (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback);
		(context as unknown as { getNodeParameter: typeof getNodeParameter }).getNodeParameter = getNodeParameter;
		await expect(new SeguraRemoteSessionTrigger().poll.call(context)).rejects.toThrow('Invalid parameter: Events (events) must name at least one event');
	});

	it('rejects an empty Events field before anything is sent', async () => {
		const { poll, requests } = trigger({ events: [] });
		await expect(poll([s30])).rejects.toThrow('Invalid parameter: Events (events) must name at least one event');
		expect(requests).toHaveLength(0);
	});
});

describe('Segura Remote Session Trigger: Fetch Test Event (manual mode)', () => {
	const fetchTestEvent = async (list: IDataObject[], parameters?: IDataObject, memory: IDataObject = {}) => {
		const { context, requests } = pollContext({ memory, parameters, mode: 'manual', list: () => ok({ remote_sessions: list }) });
		const output = await new SeguraRemoteSessionTrigger().poll.call(context);
		return { items: output?.[0].map((item) => `${item.json.id}:${item.json.event}`), requests, memory };
	};

	it('returns the newest matching session as one item, and leaves the state alone', async () => {
		const memory = { sessions: { 30: 'ended' } };
		const { items, requests } = await fetchTestEvent([s30, s36, s38, s39], {}, memory);
		expect(items).toEqual(['39:ended']);
		expect(requests).toHaveLength(1);
		expect(memory).toEqual({ sessions: { 30: 'ended' } });
		expect((await fetchTestEvent([s30, s36, s38, s39], { events: ['started'] })).items).toEqual(['39:started']);
		expect((await fetchTestEvent([s30, s36, s38, s39], { filters: { user: 'carol' } })).items).toEqual(['36:started']);
	});

	it('with no state yet, records no baseline', async () => {
		const { memory } = await fetchTestEvent([s30, s36]);
		expect(memory).toEqual({});
	});

	it('with Session Ended alone, returns the newest ended session', async () => {
		expect((await fetchTestEvent([s36, s38, s39, s30], { events: ['ended'] })).items).toEqual(['39:ended']);
	});

	it('says so, and how to get one, when no session matches', async () => {
		await expect(fetchTestEvent([s36, s38], { events: ['ended'], filters: { user: 'alice' } })).rejects.toMatchObject({
			message: "No ended remote session in Segura's list matches the trigger's filters",
			description:
				"Segura listed 2 sessions; none is an ended session with user \"alice\". To get a test event, open a session that matches (in Segura, or with the Segura Remote Session node's Create operation) and end it, then fetch again; or widen the filters.",
		});
		await expect(
			fetchTestEvent([s36, s38], { filters: { user: 'dave', device: '10.0.0.9', protocol: 'rdp' } }),
		).rejects.toMatchObject({
			message: "No remote session in Segura's list matches the trigger's filters",
			description:
				"Segura listed 2 sessions; none is a session with user \"dave\", device \"10.0.0.9\", protocol \"rdp\". To get a test event, open a session that matches (in Segura, or with the Segura Remote Session node's Create operation), then fetch again; or widen the filters.",
		});
		await expect(fetchTestEvent([])).rejects.toMatchObject({
			description: expect.stringMatching(/^Segura listed 0 sessions; none is a session\. To get/),
		});
	});
});

describe('Segura Remote Session Trigger description', () => {
	it.each([
		[['started', 'ended'], 'Session Started, Session Ended'],
		[['ended'], 'Session Ended'],
	])('subtitle for %j reads "%s", as the Events field names them', async (events, shown) => {
		const nodeType = new SeguraRemoteSessionTrigger();
		const trigger: INode = { ...node, type: 'n8n-nodes-segura.seguraRemoteSessionTrigger', parameters: { events } };
		const workflow = workflowOf(nodeType, trigger);
		const subtitle = nodeType.description.subtitle as string;
		const evaluate = () => workflow.expression.getSimpleParameterValue(trigger, subtitle, 'internal', {});
		// n8n 2.x evaluates expressions inside an isolate it must be given; 1.x has none.
		const withIsolate = (workflow.expression as { withIsolate?: (run: () => unknown) => Promise<unknown> }).withIsolate;
		expect(withIsolate ? await withIsolate.call(workflow.expression, async () => evaluate()) : evaluate()).toBe(shown);
	});
});
