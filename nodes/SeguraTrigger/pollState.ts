/**
 * The trigger's memory between polls, as pure functions: what each session was last seen as, and
 * which events a new list means. One entry per session in Segura's list (a short id and a state).
 */

export type SessionState = 'active' | 'ended';
export type SessionEvent = 'started' | 'ended';

/** Session id → its state when last seen. Stored in the node's static data. */
export type KnownSessions = Record<string, SessionState>;

/** A session of the current list, as the state needs it; `value` rides along to the event. */
export interface Observed<T> {
	id: string;
	ended: boolean;
	/** Epoch ms of start and end, to put events in the order they happened. */
	startMs?: number;
	endMs?: number;
	value: T;
}

export interface Happened<T> {
	event: SessionEvent;
	id: string;
	atMs?: number;
	value: T;
}

/** The first poll: everything in the list as it is now, nothing to report. */
export function baseline<T>(observed: Observed<T>[]): KnownSessions {
	const known: KnownSessions = {};
	for (const session of observed) known[session.id] = session.ended ? 'ended' : 'active';
	return known;
}

const byTime = <T>(a: Happened<T>, b: Happened<T>): number =>
	(a.atMs ?? Infinity) - (b.atMs ?? Infinity) ||
	// The same instant: a session's start comes before its end, then sessions in id order.
	(a.event === b.event ? 0 : a.event === 'started' ? -1 : 1) ||
	a.id.localeCompare(b.id, 'en', { numeric: true });

/**
 * The events since `known` and what is known afterwards. A session never seen before started (and,
 * if it has an end, ended too: both events, started first); one seen active that now has an end
 * ended. States only move forward: a session seen ended is never reported again. Sessions no
 * longer in the list are forgotten (Segura purged them), which keeps the state as long as the list.
 */
export function advance<T>(
	known: KnownSessions,
	observed: Observed<T>[],
): { known: KnownSessions; events: Array<Happened<T>> } {
	const next: KnownSessions = {};
	const events: Array<Happened<T>> = [];
	for (const session of observed) {
		const { id, value } = session;
		const before = Object.prototype.hasOwnProperty.call(known, id) ? known[id] : undefined;
		if (before === undefined) events.push({ event: 'started', id, atMs: session.startMs, value });
		if (session.ended && before !== 'ended') {
			events.push({ event: 'ended', id, atMs: session.endMs ?? session.startMs, value });
		}
		next[id] = session.ended || before === 'ended' ? 'ended' : 'active';
	}
	return { known: next, events: events.sort(byTime) };
}
