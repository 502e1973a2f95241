'use strict';

/** The sandbox's start options: defaults and checks, so a bad option fails at start, not as odd answers later. */
const { DEFAULT_PROFILE, resolveProfile } = require('./profiles');
const { assertDeviceCount } = require('./synthetic-devices');

const DEFAULT_CLIENT_ID = 'n8n-sandbox-client';
const DEFAULT_CLIENT_SECRET = 'n8n-sandbox-secret';

/** The options with their defaults filled in, each checked. */
function normaliseOptions(options) {
	const config = {
		port: options.port ?? 0,
		host: options.host || '127.0.0.1',
		https: Boolean(options.https),
		basePath: normaliseBasePath(options.basePath),
		clientId: options.clientId ?? DEFAULT_CLIENT_ID,
		clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
		tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
		latencyMs: options.latencyMs ?? 0,
		legacy: Boolean(options.legacy),
		profile: options.profile ?? DEFAULT_PROFILE,
		timezoneOffsetMinutes: options.timezoneOffsetMinutes ?? 0,
		syntheticSessions: options.syntheticSessions ?? 0,
		syntheticDevices: options.syntheticDevices ?? 0,
		deviceAccess: options.deviceAccess ?? true,
		onRequest: options.onRequest,
	};
	if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new TypeError('port must be an integer 0-65535.');
	if (typeof config.clientId !== 'string' || !config.clientId) throw new TypeError('clientId must be a non-empty string.');
	if (typeof config.clientSecret !== 'string' || !config.clientSecret) throw new TypeError('clientSecret must be a non-empty string.');
	assertNonNegative(config.tokenLifetimeSeconds, 'tokenLifetimeSeconds');
	assertNonNegative(config.latencyMs, 'latencyMs');
	if (!Number.isInteger(config.timezoneOffsetMinutes) || Math.abs(config.timezoneOffsetMinutes) > 14 * 60) {
		throw new TypeError('timezoneOffsetMinutes must be an integer between -840 and 840.');
	}
	if (config.onRequest !== undefined && typeof config.onRequest !== 'function') throw new TypeError('onRequest must be a function.');
	assertDeviceCount(config.syntheticDevices);
	if (typeof config.deviceAccess !== 'boolean') throw new TypeError('deviceAccess must be true or false.');
	resolveProfile(config.profile);
	if (config.legacy && config.profile !== DEFAULT_PROFILE) throw new TypeError('legacy applies to the consolidated profile only.');
	return config;
}

/** '' | '/' → ''; 'segura/' → '/segura'. Kept without a trailing slash so paths append cleanly. */
function normaliseBasePath(basePath) {
	if (basePath === undefined || basePath === null) return '';
	if (typeof basePath !== 'string' || /[?#\s]/.test(basePath)) throw new TypeError('basePath must be a path such as /segura.');
	const trimmed = basePath.replace(/\/+$/, '');
	if (!trimmed) return '';
	return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function assertNonNegative(value, name) {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a non-negative number.`);
}

module.exports = { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, normaliseOptions, assertNonNegative };
