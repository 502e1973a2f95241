import { DateTime, IANAZone } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { RemoteSession } from './responses';

/** "YYYY-MM-DD HH:MM:SS" as the appliance writes start and end (its local time, no offset). */
const APPLIANCE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** Whether the text names an instant itself (an ISO 8601 value with Z or an offset). */
const HAS_OFFSET = /[zZ]|[+-]\d{2}:?\d{2}$/;

export function isValidTimeZone(timeZone: string): boolean {
	return IANAZone.isValidZone(timeZone);
}

/** Offset of a zone from UTC at an instant, in ms. */
function offsetMs(zone: IANAZone, epochMs: number): number {
	return Math.round(zone.offset(epochMs) * 60_000);
}

/**
 * Epoch ms of the wall clock `wallMs` (wall time read as UTC) in a zone. The second pass settles the
 * offset across a daylight-saving change; unlike luxon's own guess (the offset of "now"), this reads
 * a repeated hour the same way in every season.
 */
function wallToEpoch(zone: IANAZone, wallMs: number): number {
	return wallMs - offsetMs(zone, wallMs - offsetMs(zone, wallMs));
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The zone's offset over the wall-clock span [startMs, startMs + spanMs); undefined if it changes. */
function steadyOffset(zone: IANAZone, startMs: number, spanMs: number): number | undefined {
	const last = startMs + spanMs - 1000;
	const atStart = startMs - wallToEpoch(zone, startMs);
	return atStart === last - wallToEpoch(zone, last) ? atStart : undefined;
}

type HourEntry = { wallMs: number; offset: number | undefined } | null;

/**
 * Per zone, what the readers learnt: each local day's offset (undefined: it changes that day) and
 * each "YYYY-MM-DD HH" hour's wall clock and offset (null for a date that does not exist). Shared by
 * every reader in the process, since a zone's rules do not change while n8n runs; emptied past a
 * bound (about eleven years of hours) so it cannot grow without end.
 */
const zoneMemory = new Map<string, { zone: IANAZone; days: Map<string, number | undefined>; hours: Map<string, HourEntry> }>();
const MAX_HOURS_PER_ZONE = 100_000;

function memoryOf(timeZone: string) {
	let memory = zoneMemory.get(timeZone);
	if (!memory || memory.hours.size > MAX_HOURS_PER_ZONE) {
		memory = { zone: IANAZone.create(timeZone), days: new Map(), hours: new Map() };
		zoneMemory.set(timeZone, memory);
	}
	return memory;
}

/**
 * Reads appliance times in one zone; undefined for a text that is not a date. A list of 100,000
 * sessions spans a few hundred local days, so the zone's offset is looked up once per day, per hour
 * on a day where it changes, and per value only in the hour where it changes.
 */
export function applianceTimeReader(timeZone: string): (value: unknown) => number | undefined {
	const { zone, days, hours } = memoryOf(timeZone);
	const hourOf = (key: string, [year, month, day, hour]: number[]): HourEntry => {
		const wallMs = DateTime.utc(year, month, day, hour).toMillis();
		if (Number.isNaN(wallMs)) {
			hours.set(key, null);
			return null;
		}
		const dayKey = key.slice(0, 10);
		if (!days.has(dayKey)) days.set(dayKey, steadyOffset(zone, wallMs - hour * HOUR_MS, DAY_MS));
		const entry = { wallMs, offset: days.get(dayKey) ?? steadyOffset(zone, wallMs, HOUR_MS) };
		hours.set(key, entry);
		return entry;
	};
	return (value) => {
		if (typeof value !== 'string') return undefined;
		const text = value.trim();
		const match = APPLIANCE_TIME.exec(text);
		if (!match) {
			// Already an instant with an offset (an ISO 8601 value from a filter, say).
			const parsed = HAS_OFFSET.test(text) ? Date.parse(text) : Number.NaN;
			return Number.isFinite(parsed) ? parsed : undefined;
		}
		const [minute, second] = [Number(match[5]), Number(match[6])];
		if (minute > 59 || second > 59) return undefined;
		const key = text.slice(0, 13);
		const hour = hours.has(key) ? hours.get(key) : hourOf(key, match.slice(1, 5).map(Number));
		if (!hour) return undefined;
		const wallMs = hour.wallMs + minute * 60_000 + second * 1000;
		return hour.offset === undefined ? wallToEpoch(zone, wallMs) : wallMs - hour.offset;
	};
}

/** Epoch ms of one wall-clock time in a zone; undefined when the text is not a date. */
export function applianceTimeToEpoch(value: unknown, timeZone: string): number | undefined {
	return applianceTimeReader(timeZone)(value);
}

/** A filter bound is an instant: with an offset it is taken as given, else in the appliance's zone. */
export function boundToEpoch(value: string, timeZone: string): number | undefined {
	if (HAS_OFFSET.test(value)) return Date.parse(value);
	// The reader takes "T" or a space between date and time, and whole seconds (an empty text is no date).
	return applianceTimeToEpoch(value.replace(/\.\d+$/, ''), timeZone);
}

/** ISO 8601 to the second with the zone's offset, e.g. 2024-05-15T17:37:53-03:00 (Z for UTC). */
function toIsoInZone(epochMs: number, timeZone: string): string {
	const local = DateTime.fromMillis(Math.floor(epochMs / 1000) * 1000, { zone: IANAZone.create(timeZone) });
	const iso = local.toISO({ suppressMilliseconds: true }) ?? '';
	return iso.replace(/[+-]00:00$/, 'Z');
}

/** "HH:MM:SS" (hours may exceed 24) to seconds. */
function durationSeconds(time: unknown): number | undefined {
	if (typeof time !== 'string') return undefined;
	const match = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(time.trim());
	if (!match) return undefined;
	return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Splits "10.66.33.17:22", "host:3389" or "[::1]:22" into host and port. */
export function splitDevice(device: unknown): { host?: string; port?: number } {
	if (typeof device !== 'string' || device.trim() === '') return {};
	const value = device.trim();
	const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
	if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : undefined };
	const colons = value.split(':').length - 1;
	if (colons === 1) {
		const [host, port] = value.split(':');
		return /^\d{1,5}$/.test(port) ? { host, port: Number(port) } : { host: value };
	}
	return { host: value };
}

/** A session with its start as an instant, read once and reused by filters, sorting and helpers. */
export interface DatedSession {
	session: RemoteSession;
	/** Epoch ms of `start` in the appliance's zone; undefined when it is not a date. */
	startMs: number | undefined;
}

export function dated(session: RemoteSession, timeZone: string): DatedSession {
	return { session, startMs: applianceTimeToEpoch(session.start, timeZone) };
}

/** A whole list dated with one reader (the zone's offsets come from the process's memory of that zone). */
export function datedSessions(sessions: RemoteSession[], timeZone: string): DatedSession[] {
	const read = applianceTimeReader(timeZone);
	return sessions.map((session) => ({ session, startMs: read(session.start) }));
}

/** Newest first: by start time, then by id for sessions that started in the same second. */
export function newestFirst(sessions: DatedSession[]): DatedSession[] {
	return sessions
		.map((entry) => ({ entry, start: entry.startMs ?? 0, id: Number(entry.session.id) }))
		.sort((a, b) => b.start - a.start || b.id - a.id)
		.map(({ entry }) => entry);
}

/** A ticket field's value as text (numbers too); undefined when it is empty or not set. */
export function ticketText(value: unknown): string | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	return text === '' ? undefined : text;
}

/** The session's ticket: Segura's `ITSM` code (the ticket in the ITSM tool) when set, else its `request`. */
export function ticketOf(session: { ITSM?: unknown; request?: unknown }): string | undefined {
	return ticketText(session.ITSM) ?? ticketText(session.request);
}

interface HelperFieldOptions {
	timeZone: string;
	/** "Now" for the running duration of an active session. */
	nowMs: number;
}

/**
 * The API's own fields, untouched, followed by helpers that save an expression: ISO 8601 start and
 * end, duration in seconds, device host and port, whether the session is still active, and its ticket.
 */
export function withHelperFields({ session, startMs }: DatedSession, options: HelperFieldOptions): IDataObject {
	const endMs = applianceTimeToEpoch(session.end, options.timeZone);
	const { host, port } = splitDevice(session.device);
	let duration = durationSeconds(session.time);
	if (duration === undefined && startMs !== undefined) {
		duration = Math.max(0, Math.round(((endMs ?? options.nowMs) - startMs) / 1000));
	}
	return {
		...(session as IDataObject),
		start_iso: startMs === undefined ? null : toIsoInZone(startMs, options.timeZone),
		end_iso: endMs === undefined ? null : toIsoInZone(endMs, options.timeZone),
		duration_seconds: duration ?? null,
		device_host: host ?? null,
		device_port: port ?? null,
		active: !session.end,
		ticket: ticketOf(session) ?? null,
	};
}
