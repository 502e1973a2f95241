/**
 * The trigger's memory between polls, as pure functions: which sessions it knows, up to when, and
 * which events a new list means. The rule: a start is reported only for a session the memory does
 * not hold whose start is no older than the newest start already seen (less CLOCK_SKEW_GRACE_MS),
 * an end only for a session the memory holds as active. Absence from a list never makes an event.
 */

export type SessionState = 'active' | 'ended';
export type SessionEvent = 'started' | 'ended';

/** How much older than the newest start seen a session's start may be and still count as new. */
export const CLOCK_SKEW_GRACE_MS = 10 * 60_000;

/** A list shorter than this share of the last whole one, polls in a row, before it counts as whole. */
const SUSPECT_POLLS_BEFORE_ACCEPTED = 3;

export interface KnownSession {
	state: SessionState;
	/** Epoch ms of the start; null when the appliance's start time could not be read. */
	startMs: number | null;
}

/**
 * Stored in the node's static data. Holds the active sessions and those that started within the
 * grace of `sinceMs`; every other session is older than the memory and never reported.
 */
export interface PollMemory {
	/** Counts the polls that changed the memory: the newer of two copies has the higher one. */
	revision: number;
	/** The newest start seen (or the activation time, if later), epoch ms. */
	sinceMs: number;
	/** How many sessions the last whole list held. */
	listed: number;
	/** Polls in a row whose list was suspect. */
	suspectPolls: number;
	sessions: Record<string, KnownSession>;
}

/** A session of the current list, as the memory needs it; `value` rides along to the event. */
export interface Observed<T> {
	id: string;
	ended: boolean;
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

export interface Advanced<T> {
	memory: PollMemory;
	events: Array<Happened<T>>;
	/** Sessions held as active that the list lacks: ended only once a Get confirms it. */
	missingActive: string[];
	/** The list lacks much of what it should hold (emptied, cut off): nothing is inferred from absences. */
	suspect: boolean;
}

const byTime = <T>(a: Happened<T>, b: Happened<T>): number =>
	(a.atMs ?? Infinity) - (b.atMs ?? Infinity) ||
	// The same instant: a session's start comes before its end, then sessions in id order.
	(a.event === b.event ? 0 : a.event === 'started' ? -1 : 1) ||
	a.id.localeCompare(b.id, 'en', { numeric: true });

const has = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

/** A memory read from static data: undefined unless it has this shape (older shapes start over). */
export function readMemory(stored: unknown): PollMemory | undefined {
	const memory = stored as Partial<PollMemory> | undefined;
	if (!memory || typeof memory !== 'object') return undefined;
	const numbers = [memory.revision, memory.sinceMs, memory.listed, memory.suspectPolls];
	if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
	if (!memory.sessions || typeof memory.sessions !== 'object') return undefined;
	return memory as PollMemory;
}

function isSuspect(memory: PollMemory, listedNow: number, missingActive: number, knownActive: number): boolean {
	const shrank = memory.listed > 0 && listedNow * 2 <= memory.listed;
	const lostActive = missingActive >= 2 && missingActive * 2 >= knownActive;
	return shrank || lostActive;
}

interface AdvanceOptions {
	nowMs: number;
	/** The activation's first poll: record the list as it is, report nothing, nothing before now is new. */
	baseline: boolean;
}

/**
 * The events since `memory` (undefined: none yet) and the memory afterwards. States only move
 * forward: a session held as ended is never reported again, even if a list shows it active.
 */
export function advance<T>(before: PollMemory | undefined, observed: Array<Observed<T>>, options: AdvanceOptions): Advanced<T> {
	const baseline = options.baseline || !before;
	const known = before?.sessions ?? {};
	const newestStart = observed.reduce((newest, s) => Math.max(newest, s.startMs ?? -Infinity), -Infinity);
	const sinceMs = before?.sinceMs ?? -Infinity;
	// A start far in the future (a wrong appliance clock) would make every later session look old.
	const seenUpTo = Math.max(sinceMs, Math.min(newestStart, options.nowMs + CLOCK_SKEW_GRACE_MS), baseline ? options.nowMs : -Infinity);
	const isNew = (startMs?: number) => !baseline && startMs !== undefined && startMs >= sinceMs - CLOCK_SKEW_GRACE_MS;

	const sessions: Record<string, KnownSession> = { ...known };
	const events: Array<Happened<T>> = [];
	const listedIds = new Set<string>();
	for (const session of observed) {
		const { id, value, startMs } = session;
		listedIds.add(id);
		const held = has(known, id) ? known[id] : undefined;
		if (held?.state === 'ended') continue;
		if (held === undefined && !isNew(startMs)) {
			// Older than the memory: reported before, or before the activation. Only its end can be news.
			sessions[id] = { state: session.ended ? 'ended' : 'active', startMs: startMs ?? null };
			continue;
		}
		if (held === undefined) events.push({ event: 'started', id, atMs: startMs, value });
		if (session.ended && !baseline) events.push({ event: 'ended', id, atMs: session.endMs ?? startMs, value });
		sessions[id] = { state: session.ended ? 'ended' : 'active', startMs: startMs ?? null };
	}

	const active = Object.keys(sessions).filter((id) => sessions[id].state === 'active');
	const missingActive = active.filter((id) => !listedIds.has(id));
	const suspect = before !== undefined && isSuspect(before, observed.length, missingActive.length, active.length);
	const suspectPolls = suspect ? (before?.suspectPolls ?? 0) + 1 : 0;
	const accepted = !suspect || suspectPolls >= SUSPECT_POLLS_BEFORE_ACCEPTED;

	// Ended sessions older than the grace need no entry: their start alone says they are not new.
	for (const id of Object.keys(sessions)) {
		const { state, startMs } = sessions[id];
		if (state === 'ended' && (startMs === null || startMs < seenUpTo - CLOCK_SKEW_GRACE_MS)) delete sessions[id];
	}
	const memory: PollMemory = {
		revision: before?.revision ?? 0,
		sinceMs: seenUpTo,
		listed: accepted ? observed.length : (before?.listed ?? 0),
		suspectPolls: accepted ? 0 : suspectPolls,
		sessions,
	};
	if (!before || !sameMemory(before, memory)) memory.revision += 1;
	return { memory, events: events.sort(byTime), missingActive: accepted ? missingActive : [], suspect: !accepted };
}

/** What Segura said of a session held as active that a list lacked. */
export type Confirmation<T> = { id: string; ended: true; endMs?: number; value: T } | { id: string; gone: true };

/** Applies Get answers: an end confirmed is an event; a session Segura no longer has is forgotten. */
export function confirm<T>(memory: PollMemory, answers: Array<Confirmation<T>>): { memory: PollMemory; events: Array<Happened<T>> } {
	if (!answers.length) return { memory, events: [] };
	const sessions = { ...memory.sessions };
	const events: Array<Happened<T>> = [];
	for (const answer of answers) {
		if (!has(sessions, answer.id) || sessions[answer.id].state !== 'active') continue;
		if ('gone' in answer) {
			delete sessions[answer.id];
			continue;
		}
		events.push({ event: 'ended', id: answer.id, atMs: answer.endMs, value: answer.value });
		sessions[answer.id] = { ...sessions[answer.id], state: 'ended' };
	}
	return { memory: { ...memory, revision: memory.revision + 1, sessions }, events: events.sort(byTime) };
}

/** Equal but for the revision. */
function sameMemory(a: PollMemory, b: PollMemory): boolean {
	return JSON.stringify({ ...a, revision: 0 }) === JSON.stringify({ ...b, revision: 0 });
}

/** Events of two steps of one poll, in the order they happened. */
export const inOrder = <T>(...lists: Array<Array<Happened<T>>>): Array<Happened<T>> => lists.flat().sort(byTime);
