'use strict';

/**
 * Synthetic session history, for lists the size of a real appliance (10k, 100k, 300k sessions):
 * deterministic (the same count gives the same sessions, relative to "now"), varied enough that the
 * node's filters pick subsets (20 users, 64 devices, 5 protocols, starts spread over 180 days,
 * durations from 30 s to 4 h; the few whose end would lie in the future are still active).
 *
 * Synthetic sessions use their own devices (10.67.x.y) and credentials, never the seeded devices, so
 * automatic credential selection on create behaves exactly as without them. Records are the store's
 * own shape; strings other than the ids and hashes are shared, about 200 bytes a session
 * (300k ≈ 60 MB in the process that runs the sandbox).
 */

const SYNTHETIC_USERS = Object.freeze([
	'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy',
	'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'MFASenhaSegura',
]);

/** Protocol, port and credentials per protocol family. */
const KINDS = Object.freeze([
	{ protocol: 'SSH', port: 22, credentials: ['root', 'deploy', 'svc-backup', 'ansible'] },
	{ protocol: 'RDP', port: 3389, credentials: ['Administrator', 'svc-rdp', 'operator'] },
	{ protocol: 'VNC', port: 5900, credentials: ['vnc-admin'] },
	{ protocol: 'HTTPS', port: 443, credentials: ['web-admin', 'monitor'] },
	{ protocol: 'TELNET', port: 23, credentials: ['netops'] },
]);

/** SSH and RDP dominate, as on most appliances. */
const KIND_WEIGHTS = [0.55, 0.25, 0.05, 0.1, 0.05];

const DEVICE_COUNT = 64;
const SPAN_MS = 180 * 24 * 3600 * 1000;
const MIN_DURATION_MS = 30 * 1000;
const MAX_DURATION_MS = 4 * 3600 * 1000;
const PRNG_SEED = 0x5e6a1;

/** The largest count accepted (about 200 MB of records and 330 MB of JSON per list answer). */
const MAX_SYNTHETIC = 1_000_000;

/** 64 devices, each with one protocol family (its credentials and well-known port). */
const DEVICES = Object.freeze(
	Array.from({ length: DEVICE_COUNT }, (_, d) => Object.freeze({ ip: `10.67.${Math.floor(d / 32)}.${10 + (d % 32)}`, kind: pickKind((d * 0.618034) % 1) })),
);

const ORIGIN_IPS = Object.freeze(Array.from({ length: 40 }, (_, n) => `10.10.${8 + Math.floor(n / 10)}.${20 + (n % 10)}`));

function pickKind(r) {
	let sum = 0;
	for (let k = 0; k < KIND_WEIGHTS.length; k++) {
		sum += KIND_WEIGHTS[k];
		if (r < sum) return KINDS[k];
	}
	return KINDS[0];
}

/** mulberry32: a small, fast, seedable generator; returns 32-bit unsigned integers. */
function generator(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	};
}

/**
 * `count` session records with ids `firstId`, `firstId + 1`, …, starting in that order over the 180
 * days before `nowMs` (whole seconds).
 */
function syntheticSessions(count, firstId, nowMs) {
	assertCount(count);
	const now = Math.floor(nowMs / 1000) * 1000;
	const next = generator(PRNG_SEED);
	const unit = () => next() / 4294967296;
	// One flat 40-character string per hash (concatenated pieces would cost ~250 bytes a session).
	const bytes = Buffer.alloc(20);
	const hash = () => {
		for (let k = 0; k < 20; k += 4) bytes.writeUInt32BE(next(), k);
		return bytes.toString('hex');
	};
	const sessions = new Array(count);
	for (let i = 0; i < count; i++) {
		const device = DEVICES[next() % DEVICE_COUNT];
		const kind = device.kind;
		// Evenly spread, a little jitter, never in the future; durations skewed towards short ones.
		const startMs = Math.min(now, Math.floor((now - SPAN_MS + ((i + unit()) / count) * SPAN_MS) / 1000) * 1000);
		const durationMs = Math.floor((MIN_DURATION_MS + unit() ** 3 * (MAX_DURATION_MS - MIN_DURATION_MS)) / 1000) * 1000;
		const endMs = startMs + durationMs;
		sessions[i] = {
			id: String(firstId + i),
			user: SYNTHETIC_USERS[next() % SYNTHETIC_USERS.length],
			originIp: ORIGIN_IPS[next() % ORIGIN_IPS.length],
			credential: kind.credentials[next() % kind.credentials.length],
			deviceIp: device.ip,
			port: kind.port,
			protocol: kind.protocol,
			sessionId: hash(),
			startMs,
			endMs: endMs > now ? null : endMs,
		};
	}
	return sessions;
}

function assertCount(count) {
	if (!Number.isInteger(count) || count < 0 || count > MAX_SYNTHETIC) {
		throw new TypeError(`synthetic session count must be an integer 0-${MAX_SYNTHETIC}.`);
	}
}

module.exports = { syntheticSessions, assertCount, SYNTHETIC_USERS, MAX_SYNTHETIC };
