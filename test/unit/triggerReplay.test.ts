/**
 * The Segura Remote Session Trigger never replays: lists that lack sessions, reorder them or come back, and a
 * memory that is lost, older than the list, or a durable poll's staged copy.
 */
import type { IDataObject } from 'n8n-workflow';

import { SeguraRemoteSessionTrigger } from '../../nodes/Segura/SeguraRemoteSessionTrigger.node';
import { errorBody, listedSession, ok } from './mock-context';
import { newWorkflowId, pollContext, triggerUnderTest, useClock } from './trigger-context';

const { clock, after } = useClock('2026-11-29T10:30:00Z');

const session = (id: number, start: string, end: string | null = null) =>
	listedSession(id, 'alice', '10.66.33.17:22', 'SSH', start, end);

// Before the activation: one from 2024, ended; 36 and 37 still active.
const old2024 = session(12, '2024-03-02 09:00:00', '2024-03-02 09:30:00');
const s30 = session(30, '2026-11-20 08:00:00', '2026-11-20 08:10:00');
const s36 = session(36, '2026-11-29 10:00:00');
const s37 = session(37, '2026-11-29 10:10:00');
const whole = [old2024, s30, s36, s37];
// After the activation.
const s38 = session(38, '2026-11-29 11:00:00');
const s39 = session(39, '2026-11-29 11:05:00', '2026-11-29 11:06:00');
const ended = (s: IDataObject, end: string) => ({ ...s, end });

const trigger = (options?: Parameters<typeof triggerUnderTest>[1]) => triggerUnderTest(after, options);

describe('Segura Remote Session Trigger: no replay, whatever the list does', () => {
	it('an empty list between two identical lists: no event, no Get', async () => {
		const { poll, requests } = trigger();
		expect(await poll(whole)).toBeNull();
		expect(await poll([])).toBeNull();
		expect(await poll(whole)).toBeNull();
		expect(requests.map((r) => r.url.replace(/.*\/iso/, ''))).toEqual(Array(3).fill('/session/remotesessions'));
	});

	it('a 200 "success" with an empty list while sessions are active is suspect, and the trigger says so', async () => {
		const { poll, warnings } = trigger();
		await poll(whole);
		await poll([]);
		expect(warnings).toEqual([expect.stringContaining("Segura's list of 0 sessions lacks much of what the previous list held")]);
	});

	it('a truncated list (half the sessions), then the whole list: only what really happened, once', async () => {
		const { poll } = trigger();
		await poll(whole);
		expect(await poll([old2024, s30])).toBeNull();
		expect(await poll([...whole, s38])).toEqual(['38:started']);
		expect(await poll([old2024, s30, s36])).toBeNull();
		expect(await poll([...whole, s38])).toBeNull();
	});

	it('the same list in another order: nothing', async () => {
		const { poll } = trigger();
		await poll(whole);
		expect(await poll([...whole].reverse())).toBeNull();
	});

	it('an old ended session reappearing (2024) is never reported', async () => {
		const { poll } = trigger();
		await poll([s30, s36, s37]);
		expect(await poll([old2024, s30, s36, s37])).toBeNull();
		expect(await poll([s36, s37])).toBeNull();
		expect(await poll([old2024, s30, s36, s37])).toBeNull();
	});

	it('a session missing from lists for a while, then back, is reported once if it is new', async () => {
		const { poll } = trigger();
		await poll(whole);
		after([s38, s39]);
		expect(await poll(whole)).toBeNull();
		expect(await poll([...whole, s38, s39])).toEqual(['38:started', '39:started', '39:ended']);
		expect(await poll([...whole, s39])).toBeNull();
		expect(await poll([...whole, s38, s39])).toBeNull();
	});
});

describe('Segura Remote Session Trigger: ended without an end time', () => {
	const getAnswers = (answers: Record<string, () => IDataObject>) => (id: string) => {
		const answer = answers[id]?.();
		return answer ? ok({ remote_session: [answer] }) : { status: 400, body: errorBody(400, '1002: Session not found') };
	};

	it('a session that vanishes while active is ended only when a Get shows its end', async () => {
		let s37Now: IDataObject = s37;
		const { poll, requests } = trigger({ get: getAnswers({ 37: () => s37Now }) });
		await poll(whole);
		expect(await poll([old2024, s30, s36])).toBeNull();
		expect(requests.at(-1)?.url).toMatch(/\/remotesessions\/37$/);
		s37Now = ended(s37, '2026-11-29 11:20:00');
		expect(await poll([old2024, s30, s36])).toEqual(['37:ended']);
		expect(await poll([old2024, s30, s36])).toBeNull();
		expect(await poll(whole)).toBeNull();
	});

	it('at most 5 Gets a poll; an answer about another session ends nothing', async () => {
		const many = Array.from({ length: 14 }, (_, n) => session(50 + n, '2026-11-29 10:20:00'));
		// Every Get answers with session 36 ended: not the session asked for.
		const { poll, requests } = trigger({ get: () => ok({ remote_session: [ended(s36, '2026-11-29 11:20:00')] }) });
		await poll([...whole, ...many]);
		expect(await poll([...whole, ...many.slice(7)])).toBeNull();
		expect(requests.filter((r) => /\/remotesessions\/\d+$/.test(r.url)).map((r) => r.url.split('/').pop())).toEqual(['50', '51', '52', '53', '54']);
	});

	it('one Segura no longer has (1002) is forgotten without an event', async () => {
		const { poll, memory, requests } = trigger({ get: getAnswers({}) });
		await poll(whole);
		expect(await poll([old2024, s30, s36])).toBeNull();
		expect(Object.keys(memory.sessions as IDataObject)).toEqual(['36']);
		const gets = requests.filter((r) => /\/remotesessions\/\d+$/.test(r.url)).length;
		expect(await poll([old2024, s30, s36])).toBeNull();
		expect(requests.filter((r) => /\/remotesessions\/\d+$/.test(r.url)).length).toBe(gets);
	});

	it('a Get that fails keeps the session active and asks again at the next poll', async () => {
		let fail = true;
		const { poll, warnings } = trigger({
			get: (id) => (fail ? { status: 500, body: errorBody(500, 'Unexpected error.') } : getAnswers({ 37: () => ended(s37, '2026-11-29 11:20:00') })(id)),
		});
		await poll(whole);
		expect(await poll([old2024, s30, s36])).toBeNull();
		expect(warnings.join('\n')).toContain('could not check whether remote session 37 has ended');
		fail = false;
		expect(await poll([old2024, s30, s36])).toEqual(['37:ended']);
	});
});

describe('Segura Remote Session Trigger: a memory lost, older than the list, or staged per poll', () => {
	it('memory reset to an older copy (a workflow saved with the static data it was opened with): no replay', async () => {
		const first = trigger();
		await first.poll(whole);
		const older = JSON.parse(JSON.stringify(first.memory));
		expect(await first.poll([...whole, s38, s39])).toEqual(['38:started', '39:started', '39:ended']);
		// n8n re-adds the saved workflow: a new activation ('update') with the older copy.
		const again = trigger({ memory: older, workflowId: first.workflowId, activation: 'update' });
		expect(await again.poll([...whole, s38, s39])).toBeNull();
		expect(await again.poll([...whole, ended(s38, '2026-11-29 11:40:00'), s39])).toEqual(['38:ended']);
	});

	it('n8n restarted (no process memory) from the memory it stored: no replay, and what happened meanwhile once', async () => {
		const first = trigger();
		await first.poll(whole);
		expect(await first.poll([...whole, s38])).toEqual(['38:started']);
		const stored = JSON.parse(JSON.stringify(first.memory));
		// A new process: nothing in its memory for this trigger (a workflow id of its own stands for that).
		const restarted = trigger({ memory: stored, activation: 'init' });
		expect(await restarted.poll([...whole, s38, s39])).toEqual(['39:started', '39:ended']);
		expect(await restarted.poll([...whole, s38, s39])).toBeNull();
	});

	it('memory lost entirely: a new baseline, nothing old reported', async () => {
		const first = trigger();
		await first.poll(whole);
		await first.poll([...whole, s38]);
		const lost = trigger({ activation: 'init' });
		expect(await lost.poll([...whole, s38, s39])).toBeNull();
		expect(await lost.poll([...whole, s38, s39])).toBeNull();
	});

	it('re-activated after a while: what happened while it was off is not reported', async () => {
		const first = trigger();
		await first.poll(whole);
		const stored = JSON.parse(JSON.stringify(first.memory));
		clock.now = Date.parse('2026-11-29T12:00:00Z');
		const reactivated = trigger({ memory: stored, workflowId: first.workflowId, activation: 'activate' });
		expect(await reactivated.poll([...whole, s38, s39])).toBeNull();
		expect(await reactivated.poll([...whole, ended(s38, '2026-11-29 12:10:00'), s39])).toEqual(['38:ended']);
	});

	/**
	 * Polls the way n8n's durable scheduler runs them: a context of its own and a copy of the stored
	 * memory per poll; `stores(emitted, activation)` says whether n8n stores the copy afterwards.
	 */
	const durablePoller = (stores: (emitted: boolean, activation: string) => boolean) => {
		const workflowId = newWorkflowId();
		let stored: IDataObject = {};
		return async (list: IDataObject[], activation = 'update') => {
			after(list);
			const copy = JSON.parse(JSON.stringify(stored)) as IDataObject;
			const { context, requests } = pollContext({ memory: copy, workflowId, activation, list: () => ok({ remote_sessions: list }) });
			const output = await new SeguraRemoteSessionTrigger().poll.call(context);
			if (stores(Boolean(output), activation)) stored = copy;
			return { events: output?.[0].map((item) => `${item.json.id}:${item.json.event}`) ?? null, lists: requests.length };
		};
	};

	it("n8n's durable cursors: each poll a fresh context and a staged copy, committed after the poll", async () => {
		// n8n commits the staged copy with the execution, or alone after a poll without items; the
		// activation's own poll is not committed.
		const durablePoll = durablePoller((_emitted, activation) => activation !== 'activate');
		expect(await durablePoll(whole, 'activate')).toEqual({ events: null, lists: 1 });
		// The first scheduled poll carries on from the activation's baseline: no second baseline.
		expect(await durablePoll([...whole, s38])).toEqual({ events: ['38:started'], lists: 1 });
		expect(await durablePoll([...whole, s38])).toEqual({ events: null, lists: 1 });
		expect(await durablePoll([])).toEqual({ events: null, lists: 1 });
		expect(await durablePoll([...whole, s38, s39])).toEqual({ events: ['39:started', '39:ended'], lists: 1 });
		expect(await durablePoll([...whole, s38, s39])).toEqual({ events: null, lists: 1 });
	});

	it("n8n's durable scheduler without cursors: each poll reads the copy stored with the last items", async () => {
		// Static data reaches the database only with a poll that emits.
		const durablePoll = durablePoller((emitted) => emitted);
		const events = async (list: IDataObject[], activation?: string) => (await durablePoll(list, activation)).events;
		expect(await events(whole, 'activate')).toBeNull();
		expect(await events(whole)).toBeNull();
		expect(await events([...whole, s38])).toEqual(['38:started']);
		expect(await events([...whole, s38])).toBeNull();
		expect(await events([])).toBeNull();
		expect(await events([...whole, ended(s38, '2026-11-29 11:30:00')])).toEqual(['38:ended']);
	});
});
