import type { IDataObject } from 'n8n-workflow';

import type { RemoteSession } from './responses';

/** "YYYY-MM-DD HH:MM:SS" as the appliance writes start and end (its local time, no offset). */
const APPLIANCE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

// Building a DateTimeFormat is costly; a workflow uses one or two zones.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
	let format = formats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formats.set(timeZone, format);
	}
	return format;
}

/** Offset of a time zone from UTC, in minutes, at a given instant. */
function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
	const parts = formatFor(timeZone).formatToParts(new Date(epochMs));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

export function isValidTimeZone(timeZone: string): boolean {
	try {
		formatFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** Epoch ms of a wall-clock time in a zone; undefined when the text is not a date. */
export function applianceTimeToEpoch(value: unknown, timeZone: string): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = APPLIANCE_TIME.exec(value.trim());
	if (!match) {
		// Already an instant with an offset (an ISO 8601 value from a filter, say).
		const parsed = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : Number.NaN;
		return Number.isFinite(parsed) ? parsed : undefined;
	}
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
	// Two passes settle the offset across a daylight-saving change.
	let epoch = wallAsUtc - zoneOffsetMinutes(timeZone, wallAsUtc) * 60_000;
	epoch = wallAsUtc - zoneOffsetMinutes(timeZone, epoch) * 60_000;
	return epoch;
}

/** ISO 8601 with the zone's offset, e.g. 2024-05-15T17:37:53-03:00. */
export function toIsoInZone(epochMs: number, timeZone: string): string {
	const offset = zoneOffsetMinutes(timeZone, epochMs);
	const wall = new Date(epochMs + offset * 60_000).toISOString().slice(0, 19);
	if (offset === 0) return `${wall}Z`;
	const sign = offset > 0 ? '+' : '-';
	const abs = Math.abs(offset);
	return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "HH:MM:SS" (hours may exceed 24) to seconds. */
export function durationSeconds(time: unknown): number | undefined {
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

export interface HelperFieldOptions {
	timeZone: string;
	/** "Now" for the running duration of an active session. */
	nowMs: number;
}

/**
 * The API's own fields, untouched, followed by helpers that save an expression: ISO 8601 start and
 * end, duration in seconds, device host and port, and whether the session is still active.
 */
export function withHelperFields(session: RemoteSession, options: HelperFieldOptions): IDataObject {
	const startMs = applianceTimeToEpoch(session.start, options.timeZone);
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
	};
}
