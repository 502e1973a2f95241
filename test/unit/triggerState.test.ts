import { advance, baseline, type KnownSessions, type Observed } from '../../nodes/SeguraTrigger/pollState';

/** A session of a list: id, start minute and, when ended, end minute (epoch ms from minutes). */
const seen = (id: string, startMin: number, endMin?: number): Observed<string> => ({
	id,
	ended: endMin !== undefined,
	startMs: startMin * 60_000,
	endMs: endMin === undefined ? undefined : endMin * 60_000,
	value: `session ${id}`,
});

const events = (known: KnownSessions, list: Array<Observed<string>>) =>
	advance(known, list).events.map(({ event, id }) => `${id}:${event}`);

describe('trigger state: baseline', () => {
	it('records every session as it is now', () => {
		expect(baseline([seen('30', 0, 5), seen('36', 10)])).toEqual({ 30: 'ended', 36: 'active' });
	});
});

describe('trigger state: transitions between two polls', () => {
	const known = baseline([seen('30', 0, 5), seen('36', 10)]);

	it('reports nothing when nothing changed', () => {
		expect(events(known, [seen('30', 0, 5), seen('36', 10)])).toEqual([]);
	});

	it('a new active session started', () => {
		expect(events(known, [seen('30', 0, 5), seen('36', 10), seen('38', 20)])).toEqual(['38:started']);
	});

	it('an active session ended', () => {
		expect(events(known, [seen('30', 0, 5), seen('36', 10, 25)])).toEqual(['36:ended']);
	});

	it('a session that started and ended between two polls gives both events, started first', () => {
		expect(events(known, [seen('30', 0, 5), seen('36', 10), seen('38', 20, 20)])).toEqual(['38:started', '38:ended']);
	});

	it('orders every event by when it happened, a start before an end at the same instant', () => {
		const list = [seen('30', 0, 5), seen('36', 10, 22), seen('38', 20, 23), seen('39', 21), seen('40', 22)];
		expect(events(known, list)).toEqual(['38:started', '39:started', '40:started', '36:ended', '38:ended']);
	});

	it('orders sessions with the same event at the same instant by id, as numbers', () => {
		expect(events({}, [seen('10', 20), seen('9', 20), seen('100', 20), seen('2', 20)])).toEqual([
			'2:started',
			'9:started',
			'10:started',
			'100:started',
		]);
	});

	it('stores the new states', () => {
		const { known: next } = advance(known, [seen('30', 0, 5), seen('36', 10, 25), seen('38', 20)]);
		expect(next).toEqual({ 30: 'ended', 36: 'ended', 38: 'active' });
	});
});

describe('trigger state: across polls', () => {
	it('never reports an event twice', () => {
		let known = baseline([seen('36', 10)]);
		const polls = [
			[seen('36', 10), seen('38', 20)],
			[seen('36', 10), seen('38', 20)],
			[seen('36', 10, 30), seen('38', 20)],
			[seen('36', 10, 30), seen('38', 20, 40)],
			[seen('36', 10, 30), seen('38', 20, 40)],
		];
		const perPoll = polls.map((list) => {
			const next = advance(known, list);
			known = next.known;
			return next.events.map(({ event, id }) => `${id}:${event}`);
		});
		expect(perPoll).toEqual([['38:started'], [], ['36:ended'], ['38:ended'], []]);
	});

	it('a session seen ended is not reported again if a list shows it active', () => {
		expect(events({ 38: 'ended' }, [seen('38', 20)])).toEqual([]);
		expect(advance({ 38: 'ended' }, [seen('38', 20)]).known).toEqual({ 38: 'ended' });
	});

	it('keeps the state bounded: sessions that fell out of the list are forgotten', () => {
		const { known, events: happened } = advance({ 30: 'ended', 31: 'ended', 36: 'active' }, [seen('36', 10)]);
		expect(known).toEqual({ 36: 'active' });
		expect(happened).toEqual([]);
	});

	it('carries each session\'s value to its events', () => {
		expect(advance({}, [seen('38', 20, 21)]).events.map((event) => event.value)).toEqual(['session 38', 'session 38']);
	});

	it('leaves the state it was given unchanged', () => {
		const known: KnownSessions = { 36: 'active' };
		advance(known, [seen('36', 10, 30), seen('38', 20)]);
		expect(known).toEqual({ 36: 'active' });
	});
});
