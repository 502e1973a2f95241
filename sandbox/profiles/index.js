'use strict';

/**
 * Version profiles: which vendor pages the sandbox reproduces. One file each (consolidated.js by
 * hand; 3.25, 3.32, 4 and current as specs built by version.js). This file holds the table, the
 * lookup and the routing: the routes of routes.js, at the paths each profile serves.
 */

const consolidated = require('./consolidated');
const { ROUTES, servedPaths } = require('../routes');

const DEFAULT_PROFILE = 'consolidated';

const PROFILES = Object.freeze({
	consolidated: freezeData(consolidated.profile),
	'3.25': freezeData(require('./3.25').profile),
	'3.32': freezeData(require('./3.32').profile),
	4: freezeData(require('./4').profile),
	current: freezeData(require('./current').profile),
});
freezeData(consolidated.legacyProfile);

/** Display order (an object lists the integer-like key '4' first). */
const PROFILE_NAMES = Object.freeze(['consolidated', '3.25', '3.32', '4', 'current']);

/**
 * The profile object for a name; `legacy` only modifies the consolidated profile.
 * @throws {TypeError} for an unknown name
 */
function resolveProfile(name, legacy = false) {
	if (typeof name !== 'string' || !Object.hasOwn(PROFILES, name)) {
		throw new TypeError(`Unknown profile "${name}": use one of ${PROFILE_NAMES.join(', ')}.`);
	}
	return name === 'consolidated' && legacy ? consolidated.legacyProfile : PROFILES[name];
}

/** What the control API and index.d.ts (SandboxProfile) show of a profile: its data, no answers. */
function describeProfile(profile) {
	const { name, version, pages, paths, unrouted, clientAuthentication, automaticCredentialSelection, sessionIdFormat, tokenRejectedStatus, tenant, inventory } = profile;
	return { name, version, pages, paths, unrouted, clientAuthentication, automaticCredentialSelection, sessionIdFormat, tokenRejectedStatus, tenant, inventory };
}

/**
 * Completes a profile's paths from the route table (routes.js), then freezes its data: PROFILES is
 * exported, and its tables must not change under the sandboxes that use them.
 */
function freezeData(profile) {
	profile.paths = servedPaths(profile.paths);
	for (const list of Object.values(profile.paths)) Object.freeze(list);
	Object.freeze(profile.paths);
	Object.freeze(profile.clientAuthentication);
	Object.freeze(profile.inventory);
	return Object.freeze(profile);
}

/** Compiled routes per paths table: '{id}' is one path segment, everything else matches exactly. */
const compiled = new WeakMap();

function routesOf(paths) {
	let routes = compiled.get(paths);
	if (!routes) {
		routes = Object.entries(paths).flatMap(([name, templates]) =>
			templates.map((template) => {
				const source = template.split('{id}').map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('([^/]+)');
				return { name, method: ROUTES[name].method, pattern: new RegExp(`^${source}$`) };
			}),
		);
		compiled.set(paths, routes);
	}
	return routes;
}

/** The route a request path (relative to the base path) takes under a profile, or null. */
function matchRoute(profile, method, rel) {
	for (const route of routesOf(profile.paths)) {
		const match = route.method === method && route.pattern.exec(rel);
		if (match) return { name: route.name, param: match[1] === undefined ? undefined : safeDecode(match[1]) };
	}
	return null;
}

function safeDecode(value) {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

module.exports = { PROFILES, PROFILE_NAMES, DEFAULT_PROFILE, resolveProfile, describeProfile, matchRoute };
