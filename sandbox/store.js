'use strict';

/**
 * The sandbox's remote-session store: create (with the appliance's validation order and automatic
 * credential selection), get, list and drop. Pure state, no HTTP, so the rules can be read in one place.
 */

const crypto = require('node:crypto');
const { USERS, DEVICES, seedSessions } = require('./seed');
const { syntheticSessions, assertCount } = require('./synthetic');
const { ANSWERS } = require('./envelope');

/** Protocols the create call accepts, compared upper-cased (the docs show both `ssh` and `SSH`). */
const PROTOCOLS = Object.freeze(['SSH', 'RDP', 'VNC', 'TELNET', 'HTTP', 'HTTPS', 'X11', 'WEB']);

const DAY_MS = 24 * 3600 * 1000;
const TWO_DIGITS = Object.freeze(Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')));

/** Used when the device has no port configured for the protocol asked for. */
const WELL_KNOWN_PORTS = Object.freeze({ SSH: 22, RDP: 3389, VNC: 5900, TELNET: 23, HTTP: 80, HTTPS: 443, X11: 6000, WEB: 443 });

class SessionStore {
	/**
	 * @param {{ timezoneOffsetMinutes?: number, now?: () => number, syntheticSessions?: number }} [options]
	 *   now is injectable so the clock can be controlled; it defaults to Date.now.
	 *   syntheticSessions: that many generated sessions after the seed (synthetic.js); default 0.
	 */
	constructor(options = {}) {
		this.offsetMs = (options.timezoneOffsetMinutes || 0) * 60 * 1000;
		/** Day number → "YYYY-MM-DD", for formatLocal. */
		this.days = new Map();
		this.now = options.now || Date.now;
		this.syntheticCount = options.syntheticSessions ?? 0;
		assertCount(this.syntheticCount);
		/** session.token values handed out: kept across reset() for secret-leak checks. */
		this.issuedSessionTokens = [];
		/** session_url values handed out (their `_sr=` is a bearer secret): kept across reset() too. */
		this.issuedSessionUrls = [];
		this.reset();
	}

	/** Back to the seed (and the synthetic sessions, if any), re-anchored at the current time. */
	reset() {
		const now = this.now();
		this.sessions = seedSessions(now);
		let lastId = 0;
		for (const s of this.sessions) lastId = Math.max(lastId, Number(s.id));
		if (this.syntheticCount) {
			// push(...) of 300k arguments would overflow the stack: concat.
			this.sessions = this.sessions.concat(syntheticSessions(this.syntheticCount, lastId + 1, now));
			lastId += this.syntheticCount;
		}
		this.nextId = lastId + 1;
	}

	/** Sets how many synthetic sessions the store holds, and starts over from the seed with them. */
	setSyntheticSessions(count) {
		assertCount(count);
		this.syntheticCount = count;
		this.reset();
	}

	/**
	 * Validates and stores a new active session.
	 * @param {unknown} input the parsed request body
	 * @param {{ requireCredential: boolean, callerIp: string, tokenBytes?: number }} context
	 *   requireCredential: no automatic selection (older versions); tokenBytes: session.token length / 2, default 7
	 * @returns {{ ok: true, session: object, selectionMode: 'explicit'|'automatic', token: string }
	 *   | { ok: false, answer: object }}
	 */
	create(input, context) {
		const fields = isPlainObject(input) ? input : {};
		const checked = this.validate(fields, context.requireCredential);
		if (!checked.ok) return checked;
		const { user, device, credential, protocol, port, mode } = checked;
		const session = {
			id: String(this.nextId++),
			user,
			originIp: text(fields.remoteAddr) || context.callerIp,
			credential: credential.username,
			deviceIp: device.ip,
			port: port ?? device.ports[protocol.toUpperCase()] ?? WELL_KNOWN_PORTS[protocol.toUpperCase()],
			protocol,
			sessionId: crypto.randomBytes(20).toString('hex'),
			startMs: Math.floor(this.now() / 1000) * 1000,
			endMs: null,
			// A web proxy session made through this API (seeded and synthetic ones may be other proxies).
			viaApi: true,
		};
		this.sessions.push(session);
		const token = crypto.randomBytes(context.tokenBytes ?? 7).toString('hex');
		this.issuedSessionTokens.push(token);
		return { ok: true, session, selectionMode: mode, token };
	}

	/** The appliance's order of checks: user, device, protocol, existence, domain, credential. */
	validate(fields, requireCredential) {
		const user = text(fields.user);
		if (!user) return fail(ANSWERS.noUser);
		const deviceName = text(fields.device);
		if (!deviceName) return fail(ANSWERS.noDevice);
		const protocol = text(fields.protocol);
		if (!PROTOCOLS.includes(protocol.toUpperCase())) return fail(ANSWERS.badProtocol);
		const port = parsePort(fields.port);
		if (port === false) return fail(ANSWERS.badPort);
		const device = findDevice(deviceName);
		if (!USERS.includes(user) || !device) return fail(ANSWERS.notFound);
		const choice = this.chooseCredential(device, fields, requireCredential);
		if (!choice.ok) return choice;
		return { ok: true, user, device, protocol, port, credential: choice.credential, mode: choice.mode };
	}

	/**
	 * An explicit credential is used even when busy (only automatic selection avoids busy ones).
	 * Without one: the first active username/password credential with no active session on the device.
	 */
	chooseCredential(device, fields, requireCredential) {
		const name = text(fields.credential);
		const remoteDevice = text(fields.remotedevice);
		if (name) {
			const credential = device.credentials.find((c) => c.username === name);
			if (!credential) return fail(ANSWERS.notFound);
			if (credential.domain && !remoteDevice) return fail(ANSWERS.noDevice);
			return { ok: true, credential, mode: 'explicit' };
		}
		if (requireCredential) return fail(ANSWERS.noCredential);
		const credential = device.credentials.find(
			(c) => isEligible(c, remoteDevice) && !this.isBusy(c.username, device.ip),
		);
		return credential ? { ok: true, credential, mode: 'automatic' } : fail(ANSWERS.noAvailableCredential);
	}

	isBusy(username, deviceIp) {
		return this.sessions.some((s) => s.endMs === null && s.deviceIp === deviceIp && s.credential === username);
	}

	/** By numeric id ("30"); anything else is unknown. */
	get(id) {
		if (!/^[0-9]+$/.test(id)) return undefined;
		const wanted = String(Number(id));
		return this.sessions.find((s) => s.id === wanted);
	}

	/**
	 * All sessions in the appliance's order: ascending id. The store only ever appends ascending ids,
	 * so the copy is sorted only should that ever change (sorting 300k ids costs ~0.5 s a call).
	 */
	list() {
		const sessions = this.sessions.slice();
		for (let i = 1; i < sessions.length; i++) {
			if (Number(sessions[i - 1].id) > Number(sessions[i].id)) return sessions.sort((a, b) => Number(a.id) - Number(b.id));
		}
		return sessions;
	}

	/** Ends the active session with this session_id hash; null when unknown or already ended. */
	drop(sessionId) {
		const session = this.sessions.find((s) => s.sessionId === String(sessionId).toLowerCase());
		if (!session || session.endMs !== null) return null;
		session.endMs = Math.max(session.startMs, Math.floor(this.now() / 1000) * 1000);
		return session;
	}

	/**
	 * The wire shape of a session. Active sessions show the time elapsed so far. Older appliances
	 * answered `credencial` and `dispositivo` instead of `credential` and `device`.
	 */
	render(session, legacy = false) {
		const end = session.endMs;
		return {
			id: session.id,
			user: session.user,
			origin_ip: session.originIp,
			[legacy ? 'credencial' : 'credential']: session.credential,
			[legacy ? 'dispositivo' : 'device']: `${session.deviceIp}:${session.port}`,
			protocol: session.protocol,
			proxy: 'Web Proxy',
			session_id: session.sessionId,
			start: this.formatLocal(session.startMs),
			end: end === null ? null : this.formatLocal(end),
			time: formatDuration((end === null ? this.now() : end) - session.startMs),
			prevent_purge: 'No',
			request: session.request ?? null,
			ITSM: session.itsm ?? null,
		};
	}

	/**
	 * "YYYY-MM-DD HH:MM:SS" in the appliance's local time (UTC + timezoneOffsetMinutes). The date part
	 * is formatted once per day (a list of 300k sessions spans a few hundred days): toISOString for
	 * every time made rendering such a list 4× slower.
	 */
	formatLocal(ms) {
		const local = ms + this.offsetMs;
		const day = Math.floor(local / DAY_MS);
		let date = this.days.get(day);
		if (date === undefined) {
			if (this.days.size > 10_000) this.days.clear();
			date = new Date(day * DAY_MS).toISOString().slice(0, 10);
			this.days.set(day, date);
		}
		const second = Math.floor((local - day * DAY_MS) / 1000);
		return `${date} ${TWO_DIGITS[Math.floor(second / 3600)]}:${TWO_DIGITS[Math.floor(second / 60) % 60]}:${TWO_DIGITS[second % 60]}`;
	}
}

/** A device named by IP or (case-insensitively) by hostname. */
function findDevice(name) {
	const lower = name.toLowerCase();
	return DEVICES.find((d) => d.ip === name || d.hostname.toLowerCase() === lower);
}

/** Automatic selection: active username/password credentials; domain ones only with a remotedevice. */
function isEligible(credential, remoteDevice) {
	return credential.active && credential.type === 'password' && (!credential.domain || Boolean(remoteDevice));
}

/** Port from the request: absent → null (device default), a valid port → number, else false. */
function parsePort(value) {
	if (value === undefined || value === null || value === '') return null;
	const port = typeof value === 'number' ? value : /^\s*[0-9]+\s*$/.test(String(value)) ? Number(value) : NaN;
	return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : false;
}

/** "HH:MM:SS"; hours grow past 99 rather than wrap. */
function formatDuration(ms) {
	const total = Math.max(0, Math.floor(ms / 1000));
	const pad = (n) => String(n).padStart(2, '0');
	return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/** Strings trimmed, numbers stringified (form bodies and loose clients), anything else empty. */
function text(value) {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(answer) {
	return { ok: false, answer };
}

module.exports = { SessionStore, PROTOCOLS, formatDuration };
