import { advance, CLOCK_SKEW_GRACE_MS, confirm, inOrder, readMemory, type Observed, type PollMemory } from '../../nodes/Segura/trigger/pollState';

const MINUTE = 60_000;
/** A session of a list: id, start minute and, when ended, end minute (epoch ms from minutes). */
const seen = (id: string, startMin: number, endMin?: number): Observed<string> => ({
	id,
	ended: endMin !== undefined,
	startMs: startMin * MINUTE,
	endMs: endMin === undefined ? undefined : endMin * MINUTE,
	value: `session ${id}`,
});

/** The activation's first poll at `nowMin`. */
const baseline = (list: Array<Observed<string>>, nowMin: number) => advance(undefined, list, { nowMs: nowMin * MINUTE, baseline: true }).memory;
const step = (memory: PollMemory, list: Array<Observed<string>>, nowMin: number) =>
	advance(memory, list, { nowMs: nowMin * MINUTE, baseline: false });
const events = (memory: PollMemory, list: Array<Observed<string>>, nowMin = 1000) =>
	step(memory, list, nowMin).events.map(({ event, id }) => `${id}:${event}`);

describe('trigger state: baseline', () => {
	it('records the active sessions and the recent ones, not older ended ones; nothing before now is new', () => {
		const memory = baseline([seen('30', 0, 5), seen('35', 95, 98), seen('36', 10)], 100);
		expect(memory.sessions).toEqual({ 35: { state: 'ended', startMs: 95 * MINUTE }, 36: { state: 'active', startMs: 10 * MINUTE } });
		expect(memory.sinceMs).toBe(100 * MINUTE);
		expect(memory.listed).toBe(3);
	});

	it('an activation poll over a memory reports nothing and keeps what the memory held', () => {
		const memory = baseline([seen('36', 10)], 100);
		const again = advance(memory, [seen('36', 10), seen('38', 150)], { nowMs: 200 * MINUTE, baseline: true });
		expect(again.events).toEqual([]);
		expect(Object.keys(again.memory.sessions)).toEqual(['36', '38']);
		expect(again.memory.sinceMs).toBe(200 * MINUTE);
	});
});

describe('trigger state: transitions between two polls', () => {
	const known = baseline([seen('30', 0, 5), seen('36', 10)], 100);

	it('reports nothing when nothing changed', () => {
		expect(events(known, [seen('30', 0, 5), seen('36', 10)])).toEqual([]);
	});

	it('a new active session started', () => {
		expect(events(known, [seen('30', 0, 5), seen('36', 10), seen('38', 120)])).toEqual(['38:started']);
	});

	it('an active session ended', () => {
		expect(events(known, [seen('30', 0, 5), seen('36', 10, 125)])).toEqual(['36:ended']);
	});

	it('a session that started and ended between two polls gives both events, started first', () => {
		expect(events(known, [seen('30', 0, 5), seen('36', 10), seen('38', 120, 120)])).toEqual(['38:started', '38:ended']);
	});

	it('orders every event by when it happened, a start before an end at the same instant', () => {
		const list = [seen('30', 0, 5), seen('36', 10, 122), seen('38', 120, 123), seen('39', 121), seen('40', 122)];
		expect(events(known, list)).toEqual(['38:started', '39:started', '40:started', '36:ended', '38:ended']);
	});

	it('orders sessions with the same event at the same instant by id, as numbers', () => {
		expect(events(known, [seen('10', 120), seen('9', 120), seen('100', 120), seen('2', 120)])).toEqual([
			'2:started',
			'9:started',
			'10:started',
			'100:started',
		]);
	});

	it('a start within the grace before the newest start seen is new; one older is not', () => {
		const graceMin = CLOCK_SKEW_GRACE_MS / MINUTE;
		expect(events(known, [seen('41', 100 - graceMin)])).toEqual(['41:started']);
		expect(events(known, [seen('42', 100 - graceMin - 1, 100)])).toEqual([]);
	});

	it('stores the new states and moves the time mark to the newest start', () => {
		const { memory } = step(known, [seen('30', 0, 5), seen('36', 10, 125), seen('38', 120)], 130);
		expect(memory.sessions).toEqual({ 38: { state: 'active', startMs: 120 * MINUTE } });
		expect(memory.sinceMs).toBe(120 * MINUTE);
	});

	it('a start far in the future moves the time mark no further than the grace past now', () => {
		const { memory } = step(known, [seen('36', 10), seen('38', 100_000)], 130);
		expect(memory.sinceMs).toBe(130 * MINUTE + CLOCK_SKEW_GRACE_MS);
	});
});

describe('trigger state: across polls', () => {
	it('never reports an event twice', () => {
		let memory = baseline([seen('36', 10)], 100);
		const polls = [
			[seen('36', 10), seen('38', 120)],
			[seen('36', 10), seen('38', 120)],
			[seen('36', 10, 130), seen('38', 120)],
			[seen('36', 10, 130), seen('38', 120, 140)],
			[seen('36', 10, 130), seen('38', 120, 140)],
		];
		const perPoll = polls.map((list, index) => {
			const next = step(memory, list, 150 + index);
			memory = next.memory;
			return next.events.map(({ event, id }) => `${id}:${event}`);
		});
		expect(perPoll).toEqual([['38:started'], [], ['36:ended'], ['38:ended'], []]);
	});

	it('a session held as ended is not reported again if a list shows it active', () => {
		const memory = step(baseline([], 100), [seen('38', 120, 121)], 125).memory;
		expect(events(memory, [seen('38', 120)])).toEqual([]);
		expect(step(memory, [seen('38', 120)], 126).memory.sessions['38'].state).toBe('ended');
	});

	it('a session missing from a list and listed again is not new', () => {
		let memory = baseline([seen('36', 10), seen('37', 95)], 100);
		memory = step(memory, [seen('36', 10)], 101).memory;
		expect(events(memory, [seen('36', 10), seen('37', 95)])).toEqual([]);
	});

	it('keeps the memory bounded: ended sessions older than the grace are dropped, active ones kept', () => {
		const { memory, events: happened } = step(baseline([seen('30', 0, 5), seen('31', 1, 2), seen('36', 10)], 100), [seen('36', 10)], 200);
		expect(Object.keys(memory.sessions)).toEqual(['36']);
		expect(happened).toEqual([]);
	});

	it('counts a revision only when the memory changed', () => {
		const memory = baseline([seen('36', 10)], 100);
		expect(step(memory, [seen('36', 10)], 101).memory.revision).toBe(memory.revision);
		expect(step(memory, [seen('36', 10, 101)], 102).memory.revision).toBe(memory.revision + 1);
	});

	it("carries each session's value to its events", () => {
		expect(step(baseline([], 100), [seen('38', 120, 121)], 125).events.map((event) => event.value)).toEqual(['session 38', 'session 38']);
	});

	it('leaves the memory it was given unchanged', () => {
		const memory = baseline([seen('36', 10)], 100);
		const copy = JSON.parse(JSON.stringify(memory));
		step(memory, [seen('36', 10, 130), seen('38', 120)], 131);
		expect(memory).toEqual(copy);
	});
});

describe('trigger state: lists that lack sessions', () => {
	const active = baseline([seen('30', 0, 5), seen('36', 10), seen('37', 20), seen('38', 30)], 100);

	it('an empty list while sessions are active is suspect: nothing ends, nothing is forgotten, nothing to confirm', () => {
		const next = step(active, [], 101);
		expect(next).toMatchObject({ suspect: true, missingActive: [], events: [] });
		expect(next.memory.sessions).toEqual(active.sessions);
		expect(next.memory.listed).toBe(4);
	});

	it('one active session missing from a whole list is to be confirmed, not ended', () => {
		const next = step(active, [seen('30', 0, 5), seen('36', 10), seen('37', 20)], 101);
		expect(next).toMatchObject({ suspect: false, missingActive: ['38'], events: [] });
		expect(next.memory.sessions['38'].state).toBe('active');
	});

	it('a shrunken list that stays for three polls is taken as whole', () => {
		let memory = active;
		const suspect = [1, 2, 3].map((poll) => {
			const next = step(memory, [seen('30', 0, 5)], 100 + poll);
			memory = next.memory;
			return next.suspect;
		});
		expect(suspect).toEqual([true, true, false]);
		expect(memory.listed).toBe(1);
		expect(step(active, [seen('30', 0, 5)], 101).missingActive).toEqual([]);
	});

	it('a Get that shows the end reports it once; a session Segura no longer has is forgotten quietly', () => {
		const { memory, events: happened } = confirm(active, [
			{ id: '36', ended: true, endMs: 150 * MINUTE, value: 'session 36' },
			{ id: '37', gone: true },
			{ id: '99', gone: true },
		]);
		expect(happened.map(({ id, event }) => `${id}:${event}`)).toEqual(['36:ended']);
		expect(Object.keys(memory.sessions).sort()).toEqual(['36', '38']);
		expect(confirm(memory, [{ id: '36', ended: true, value: 'session 36' }]).events).toEqual([]);
	});
});

describe('trigger state: reading the stored memory', () => {
	it('takes a memory of this shape and nothing else (an older shape starts with a baseline)', () => {
		const memory = baseline([seen('36', 10)], 100);
		expect(readMemory(JSON.parse(JSON.stringify(memory)))).toEqual(memory);
		expect(readMemory({ sessions: { 36: 'active' } })).toBeUndefined();
		expect(readMemory(undefined)).toBeUndefined();
		expect(readMemory({ ...memory, sinceMs: null })).toBeUndefined();
	});
});

describe('trigger state: the suspect rule, part by part', () => {
	const actives = (count: number, from = 10) => Array.from({ length: count }, (_, n) => seen(String(from + n), 10 + n));
	const endedOld = (count: number) => Array.from({ length: count }, (_, n) => seen(String(100 + n), 0, 1));

	it('a list at half the last whole one or less is suspect; longer is not; an empty memory never', () => {
		const memory = baseline([...actives(2), ...endedOld(8)], 100);
		expect(step(memory, [...actives(2), ...endedOld(3)], 101).suspect).toBe(true);
		expect(step(memory, [...actives(2), ...endedOld(4)], 101).suspect).toBe(false);
		expect(step(baseline([], 100), [], 101).suspect).toBe(false);
	});

	it('a list lacking half or more of the active sessions (two at least) is suspect, whatever its length', () => {
		const memory = baseline(actives(4), 100);
		const padded = (list: Array<Observed<string>>) => [...list, ...endedOld(4)];
		expect(step(memory, padded(actives(2)), 101)).toMatchObject({ suspect: true, missingActive: [] });
		expect(step(memory, padded(actives(3)), 101)).toMatchObject({ suspect: false, missingActive: ['13'] });
		const five = baseline(actives(5), 100);
		expect(step(five, [...actives(3), ...endedOld(4)], 101)).toMatchObject({ suspect: false, missingActive: ['13', '14'] });
		const two = baseline(actives(2), 100);
		expect(step(two, [seen('10', 10), ...endedOld(4)], 101)).toMatchObject({ suspect: false, missingActive: ['11'] });
	});

	it('only active sessions are to be confirmed: an ended one missing from the list is not', () => {
		const memory = step(baseline(actives(3), 100), [...actives(3), seen('40', 105, 106)], 107).memory;
		expect(memory.sessions['40'].state).toBe('ended');
		expect(step(memory, actives(3), 108).missingActive).toEqual([]);
	});

	it('an ended session whose start is exactly the grace before the time mark is still held', () => {
		const graceMin = CLOCK_SKEW_GRACE_MS / MINUTE;
		const { memory } = step(baseline([], 100), [seen('41', 120 - graceMin, 121 - graceMin), seen('42', 120)], 125);
		expect(Object.keys(memory.sessions).sort()).toEqual(['41', '42']);
	});
});

describe('trigger state: confirmations and order', () => {
	const memory = baseline([seen('36', 10), seen('37', 20)], 100);

	it('no answers leave the memory as it was, revision included', () => {
		expect(confirm(memory, []).memory).toBe(memory);
	});

	it('confirmed ends come in the order they happened', () => {
		const { events } = confirm(memory, [
			{ id: '37', ended: true, endMs: 150 * MINUTE, value: 'session 37' },
			{ id: '36', ended: true, endMs: 140 * MINUTE, value: 'session 36' },
		]);
		expect(events.map(({ id }) => id)).toEqual(['36', '37']);
	});

	it('inOrder merges two steps by time', () => {
		const at = (id: string, min: number) => ({ event: 'started' as const, id, atMs: min * MINUTE, value: id });
		expect(inOrder([at('2', 20)], [at('1', 10)]).map(({ id }) => id)).toEqual(['1', '2']);
	});

	it('readMemory refuses values that are not numbers, and sessions that are not an object', () => {
		const good = baseline([seen('36', 10)], 100);
		expect(readMemory('memory')).toBeUndefined();
		expect(readMemory({ ...good, revision: '3' })).toBeUndefined();
		expect(readMemory({ ...good, listed: Number.NaN })).toBeUndefined();
		expect(readMemory({ ...good, sessions: 'none' })).toBeUndefined();
		expect(readMemory({ ...good, sessions: null })).toBeUndefined();
	});
});
