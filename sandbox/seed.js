'use strict';

/**
 * The sandbox's seeded appliance: a few users, three devices with their credentials, and a short
 * session history. Small on purpose, but shaped so that every branch of the create call can be hit:
 * a free device (linux-srv-01), a device whose credentials are all busy (db-prod-01) and a device with
 * a domain credential (win-jump-01).
 */

const crypto = require('node:crypto');

const USERS = Object.freeze(['alice', 'bob', 'carol', 'MFASenhaSegura']);

/**
 * type 'password' = username/password credential (eligible for automatic selection);
 * 'ssh-key' = SSH key credential (automatic selection skips it; it can still be named explicitly).
 * domain: true = domain credential, which needs `remotedevice` on create.
 *
 * What the device and credential reads show (inventory.js): `id` (strings, as the pages write them;
 * credential ids unique across devices, from 94, the custody pages' example id), model, type,
 * vendor, site, tags, the device's domain, and whether a credential has automatic password change.
 * No secret is held: the reads never answer a password.
 */
const DEVICES = deepFreeze([
	{
		id: '1',
		ip: '10.66.33.17',
		hostname: 'linux-srv-01',
		ports: { SSH: 22 },
		model: 'Ubuntu 22.04',
		type: 'Server',
		vendor: 'Canonical',
		site: 'LAX',
		tags: ['linux', 'production'],
		domain: '',
		credentials: [
			{ id: '94', username: 'usrsudonopass', type: 'password', active: true, domain: false, automaticChange: true },
			{ id: '95', username: 'deploy', type: 'password', active: true, domain: false, automaticChange: false },
			{ id: '96', username: 'deploy-key', type: 'ssh-key', active: true, domain: false, automaticChange: false },
		],
	},
	{
		id: '2',
		ip: '10.66.33.18',
		hostname: 'db-prod-01',
		ports: { SSH: 22, RDP: 3389 },
		model: 'Oracle Linux 8',
		type: 'Database',
		vendor: 'Oracle',
		site: 'AWS',
		tags: ['database', 'production'],
		domain: '',
		credentials: [
			{ id: '97', username: 'dbadmin', type: 'password', active: true, domain: false, automaticChange: true },
			{ id: '98', username: 'oracle', type: 'password', active: true, domain: false, automaticChange: false },
		],
	},
	{
		id: '3',
		ip: '10.66.33.20',
		hostname: 'win-jump-01',
		ports: { RDP: 3389 },
		model: 'Windows Server 2019',
		type: 'Server',
		vendor: 'Microsoft',
		site: 'LAX',
		tags: ['windows', 'jump'],
		domain: 'corp.lab',
		credentials: [
			{ id: '99', username: 'Administrator', type: 'password', active: true, domain: false, automaticChange: true },
			{ id: '100', username: 'CORP\\svc-rdp', type: 'password', active: true, domain: true, automaticChange: false },
		],
	},
]);

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/**
 * Session history relative to "now" (so it always looks recent): ended sessions over the last three
 * days, plus the two active sessions that keep both db-prod-01 credentials busy. Ids start at "30",
 * the docs' example id; session 30 mirrors the docs' example record. Sessions opened through an
 * access request carry it: `request` (Segura's request) and `itsm` (the ticket in the ITSM tool,
 * answered as `ITSM`); ticket INC0012345 has an ended and an active session.
 */
const SEED_SESSIONS = deepFreeze([
	{ id: '30', user: 'MFASenhaSegura', originIp: '172.16.20.158', credential: 'usrsudonopass', deviceIp: '10.66.33.17', port: 22, protocol: 'ssh', ago: 70 * HOUR, durationMs: 7 * 1000 },
	{ id: '31', user: 'alice', originIp: '10.10.4.21', credential: 'deploy', deviceIp: '10.66.33.17', port: 22, protocol: 'SSH', ago: 52 * HOUR, durationMs: 14 * MINUTE + 32 * 1000 },
	{ id: '32', user: 'bob', originIp: '10.10.4.35', credential: 'Administrator', deviceIp: '10.66.33.20', port: 3389, protocol: 'RDP', ago: 47 * HOUR, durationMs: 62 * MINUTE + 10 * 1000 },
	{ id: '33', user: 'carol', originIp: '10.10.7.12', credential: 'dbadmin', deviceIp: '10.66.33.18', port: 22, protocol: 'SSH', ago: 26 * HOUR, durationMs: 38 * MINUTE + 5 * 1000, itsm: 'INC0012345', request: '4100' },
	{ id: '34', user: 'alice', originIp: '10.10.4.21', credential: 'oracle', deviceIp: '10.66.33.18', port: 3389, protocol: 'RDP', ago: 19 * HOUR, durationMs: 22 * MINUTE + 41 * 1000, request: '4101' },
	{ id: '35', user: 'bob', originIp: '10.10.4.35', credential: 'usrsudonopass', deviceIp: '10.66.33.17', port: 22, protocol: 'ssh', ago: 5 * HOUR, durationMs: 3 * MINUTE + 9 * 1000 },
	{ id: '36', user: 'carol', originIp: '10.10.7.12', credential: 'dbadmin', deviceIp: '10.66.33.18', port: 22, protocol: 'SSH', ago: 25 * MINUTE, durationMs: null, itsm: 'INC0012345', request: '4102' },
	{ id: '37', user: 'MFASenhaSegura', originIp: '172.16.20.158', credential: 'oracle', deviceIp: '10.66.33.18', port: 3389, protocol: 'RDP', ago: 8 * MINUTE, durationMs: null },
]);

/**
 * Fresh internal session records for the seed, anchored at `nowMs` (whole seconds, as the appliance
 * stores them). Seeded session_id hashes are derived from the id so they are stable across runs.
 */
function seedSessions(nowMs) {
	const now = Math.floor(nowMs / 1000) * 1000;
	return SEED_SESSIONS.map((s) => ({
		id: s.id,
		user: s.user,
		originIp: s.originIp,
		credential: s.credential,
		deviceIp: s.deviceIp,
		port: s.port,
		protocol: s.protocol,
		sessionId: crypto.createHash('sha1').update(`segura-sandbox-seed-${s.id}`).digest('hex'),
		startMs: now - s.ago,
		endMs: s.durationMs === null ? null : now - s.ago + s.durationMs,
		request: s.request ?? null,
		itsm: s.itsm ?? null,
	}));
}

function deepFreeze(value) {
	if (value && typeof value === 'object') {
		Object.values(value).forEach(deepFreeze);
		Object.freeze(value);
	}
	return value;
}

module.exports = { USERS, DEVICES, SEED_SESSIONS, seedSessions };
