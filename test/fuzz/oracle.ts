/**
 * The fuzz's oracle: what a valid request is, written here from the Segura API reference and the
 * input rules in docs/operations.md, deliberately NOT imported from the node's schemas. Given one case's values
 * (as n8n hands them over: JSON) and the sandbox's sessions, it says either which fields are
 * invalid (then nothing may reach Segura) or exactly which requests the node sends.
 */

import { isIpv4, isIpv6 } from './ip';

export type Operation = 'create' | 'get' | 'getMany' | 'terminate';
export type Values = Record<string, unknown>;

export interface ExpectedRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path as sent on the wire (percent-encoded), API Paths fixed to the A2A family. */
	path: string;
	body?: Values;
}

/**
 * `requests`: what the node sends; `afterNotFound`: what it reads next when Segura answers the
 * first request with its one "not found" (which names no value), to name the value in its error.
 */
export type Verdict =
	| { valid: false; invalidFields: string[] }
	| { valid: true; requests: ExpectedRequest[]; afterNotFound?: ExpectedRequest[] };

/** The sandbox's sessions (for Get and Terminate by numeric id) and devices (for Create's look-ups). */
export interface World {
	sessions: ReadonlyArray<{ id: string; session_id: string; end: string | null }>;
	devices: ReadonlyArray<{ ip: string; hostname: string }>;
}

/** Percent-encodes one path segment: every UTF-8 byte outside A-Z a-z 0-9 - _ . ! ~ * ' ( ). */
export function encodeSegment(text: string): string {
	let out = '';
	for (const byte of new TextEncoder().encode(text)) {
		const ch = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-_.!~*'()]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

const absent = (value: unknown) => value === undefined;
const isText = (value: unknown): value is string => typeof value === 'string';
/** A string that is not valid UTF-16 (a lone surrogate) cannot be encoded into a URL at all. */
const wellFormed = (text: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** Text as a field takes it: leading and trailing whitespace dropped, at most 255 characters. */
export function text(value: unknown): string | undefined {
	if (!isText(value)) return undefined;
	const trimmed = value.trim();
	return trimmed.length <= 255 ? trimmed : undefined;
}

/** A whole number, given as a number or as digits (optional sign, surrounding spaces). */
function wholeNumber(value: unknown): number | undefined {
	let n: number;
	if (typeof value === 'number') n = value;
	else if (isText(value) && /^[+-]?[0-9]+$/.test(value.trim())) n = Number(value.trim());
	else return undefined;
	return Number.isSafeInteger(n) ? n : undefined;
}

export const positive = (value: unknown) => {
	const n = wholeNumber(value);
	return n !== undefined && n >= 1 ? n : undefined;
};

function isHostname(s: string): boolean {
	if (s.length > 253 || /^[0-9.]+$/.test(s)) return false;
	const labels = (s.endsWith('.') ? s.slice(0, -1) : s).split('.');
	return labels.every((l) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l));
}

/** IP addresses as Node's own parser reads them (zone ids aside: no generator makes them). */
export const hostOrIp = (s: string) =>
	isIpv4(s) || isIpv6(s) || (s.startsWith('[') && s.endsWith(']') && isIpv6(s.slice(1, -1))) || isHostname(s);

/** Checks collected per case: a field name and whether its value passes. */
export class Checks {
	readonly bad: string[] = [];
	need(field: string, ok: boolean) {
		if (!ok) this.bad.push(field);
	}
}

const VALID_ZONES = ['', 'UTC', 'America/Sao_Paulo', 'Europe/Berlin', 'Asia/Kolkata'];

/** Options every operation here offers: Timeout 0..600000 ms, and the booleans. */
export function checkOptions(v: Values, checks: Checks, booleans: string[], zone: boolean) {
	const t = v.timeout;
	checks.need('timeout', absent(t) || (typeof t === 'number' && Number.isInteger(t) && t >= 0 && t <= 600_000));
	if (zone) checks.need('timezone', absent(v.timezone) || (isText(v.timezone) && VALID_ZONES.includes(v.timezone.trim())));
	for (const name of booleans) checks.need(name, absent(v[name]) || typeof v[name] === 'boolean');
}

const DEVICE_LIST: ExpectedRequest = { method: 'GET', path: '/iso/pam/device' };
const CREDENTIAL_LIST: ExpectedRequest = { method: 'GET', path: '/iso/pam/credential' };

/** A "not found" makes the node read the device list, and the credential list for a named credential of a known device. */
function createLookups(body: Values, world: World): ExpectedRequest[] {
	const name = String(body.device);
	const known = world.devices.some((d) => d.ip === name || d.hostname.toLowerCase() === name.toLowerCase());
	return known && body.credential !== undefined ? [DEVICE_LIST, CREDENTIAL_LIST] : [DEVICE_LIST];
}

function create(v: Values, world: World): Verdict {
	const checks = new Checks();
	const body: Values = {};
	const required = (field: string, rule: (s: string) => boolean = () => true) => {
		const s = text(v[field]);
		checks.need(field, s !== undefined && s !== '' && rule(s));
		body[field] = s;
	};
	required('user');
	required('device', hostOrIp);
	required('protocol', (s) => /^[A-Za-z][A-Za-z0-9+._-]{0,31}$/.test(s));
	for (const field of ['credential', 'remotedevice']) {
		// Optional text: empty counts as not given (no credential = Segura picks one).
		const s = text(v[field]);
		checks.need(field, absent(v[field]) || s !== undefined);
		if (s) body[field] = s;
	}
	if (!absent(v.remoteAddr)) required('remoteAddr', hostOrIp);
	if (!absent(v.screensize)) required('screensize', (s) => /^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$/.test(s));
	if (!absent(v.port)) {
		const port = wholeNumber(v.port);
		checks.need('port', port !== undefined && port >= 1 && port <= 65535);
		body.port = port;
	}
	if (!absent(v.remoteapp)) {
		body.remoteapp = positive(v.remoteapp);
		checks.need('remoteapp', body.remoteapp !== undefined);
	}
	checkOptions(v, checks, ['includeSessionToken'], false);
	if (checks.bad.length) return { valid: false, invalidFields: checks.bad };
	return { valid: true, requests: [{ method: 'POST', path: '/iso/remote/session', body }], afterNotFound: createLookups(body, world) };
}

const getOne = (id: number): ExpectedRequest => ({ method: 'GET', path: `/iso/session/remotesessions/${id}` });
const LIST: ExpectedRequest = { method: 'GET', path: '/iso/session/remotesessions' };
const drop = (sessionId: string): ExpectedRequest => ({ method: 'DELETE', path: `/iso/session/drop/${encodeSegment(sessionId)}` });

/** Reading one session: an id no session has is checked against the session list. */
function readOne(id: number, world: World): ExpectedRequest[] {
	return world.sessions.some((s) => s.id === String(id)) ? [getOne(id)] : [getOne(id), LIST];
}

function get(v: Values, world: World): Verdict {
	const checks = new Checks();
	const id = positive(v.remoteSessionId);
	checks.need('remoteSessionId', id !== undefined);
	checkOptions(v, checks, ['addHelperFields'], true);
	return checks.bad.length ? { valid: false, invalidFields: checks.bad } : { valid: true, requests: readOne(id as number, world) };
}

function getMany(v: Values): Verdict {
	const checks = new Checks();
	if (v.returnAll !== true) {
		const limit = v.limit;
		checks.need('limit', absent(limit) || (typeof limit === 'number' && Number.isInteger(limit) && limit >= 1));
	}
	for (const field of ['user', 'device', 'protocol', 'ticket']) checks.need(field, absent(v[field]) || text(v[field]) !== undefined);
	checks.need('status', absent(v.status) || ['any', 'active', 'ended'].includes(v.status as string));
	checks.need('ticketMatch', absent(v.ticketMatch) || ['exact', 'contains'].includes(v.ticketMatch as string));
	for (const field of ['startedAfter', 'startedBefore']) {
		const s = v[field];
		checks.need(field, absent(s) || (isText(s) && (s.trim() === '' || Number.isFinite(Date.parse(s.trim())))));
	}
	checkOptions(v, checks, ['addHelperFields'], true);
	return checks.bad.length ? { valid: false, invalidFields: checks.bad } : { valid: true, requests: [LIST] };
}

function terminate(v: Values, world: World): Verdict {
	const checks = new Checks();
	const byId = v.terminateBy === 'remoteSessionId';
	const id = byId ? positive(v.remoteSessionId) : undefined;
	const hash = byId ? undefined : text(v.sessionHash);
	if (byId) checks.need('remoteSessionId', id !== undefined);
	else {
		// Any form Segura documents (40-hex, UUID, token, any text): not blank, no "/", no control
		// character, not a dot segment, encodable; everything else is percent-encoded.
		const ok = hash !== undefined && hash !== '' && hash !== '.' && hash !== '..' && wellFormed(hash);
		const control = [...(hash ?? '')].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
		checks.need('sessionHash', ok && !control && !(hash as string).includes('/'));
	}
	checkOptions(v, checks, ['ignoreIfAlreadyEnded'], false);
	if (checks.bad.length) return { valid: false, invalidFields: checks.bad };

	if (byId) {
		// The drop takes the hash: the node reads the session first, and drops it only while active.
		const session = world.sessions.find((s) => s.id === String(id));
		const requests = readOne(id as number, world);
		if (session && session.end === null) requests.push(drop(session.session_id));
		return { valid: true, requests };
	}
	const active = world.sessions.some((s) => s.end === null && s.session_id === (hash as string).toLowerCase());
	// A failed drop, whatever Ignore If Already Ended says: the node looks the hash up in the list
	// to tell an ended session from an unknown one.
	const requests = [drop(hash as string)];
	if (!active) requests.push(LIST);
	return { valid: true, requests };
}

export function predict(operation: Operation, values: Values, world: World): Verdict {
	switch (operation) {
		case 'create':
			return create(values, world);
		case 'get':
			return get(values, world);
		case 'getMany':
			return getMany(values);
		case 'terminate':
			return terminate(values, world);
	}
}
