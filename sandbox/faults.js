'use strict';

/**
 * Fault injection: a queue of one-shot (or n-shot) failures applied to the next matching requests,
 * so clients can be tested against what real appliances and the proxies in front of them do.
 */

const { ANSWERS, envelope } = require('./envelope');

const FAULT_KINDS = Object.freeze([
	'status500',
	'notAuthorized',
	'html502',
	'status503',
	'rateLimit429',
	'drop',
	'timeout',
	'malformed',
	'errorTrue',
	'timedOut',
	// The request is carried out, then the connection drops before the answer: a lost answer.
	'lostAnswer',
	// The answer begins (status, headers, the first half of its body), then the connection drops.
	'brokenAnswer',
]);

/** Glitches of the session list: a 200 success whose list is empty, its first half, or reversed. */
const LIST_GLITCHES = Object.freeze(['emptyList', 'truncatedList', 'reorderedList']);

const SCOPES = Object.freeze(['api', 'token', 'all']);

const DEFAULT_HANG_MS = 30000;

const HTML_502 = [
	'<html>',
	'<head><title>502 Bad Gateway</title></head>',
	'<body>',
	'<center><h1>502 Bad Gateway</h1></center>',
	'<hr><center>nginx</center>',
	'</body>',
	'</html>',
	'',
].join('\r\n');

const HTML_503 =
	'<html><head><title>503 Service Temporarily Unavailable</title></head>' +
	'<body><h1>503 Service Temporarily Unavailable</h1><p>The appliance is under maintenance.</p></body></html>\n';

class FaultQueue {
	constructor() {
		/** @type {Array<{kind: string, remaining: number, scope: string, match: string|null, retryAfterSeconds: number, hangMs: number}>} */
		this.pending = [];
	}

	/** Validates eagerly so a typo in a test fails at the injection, not as a silent no-op. */
	add(spec) {
		const fault = normalise(spec);
		this.pending.push(fault);
		return { ...fault };
	}

	/**
	 * Takes one shot of the first pending fault that covers this request, or null.
	 * @param {'api'|'token'} kind what the request is
	 * @param {string} path the request path (with the base path; a match on the relative path matches it too)
	 * @param {string} [route] the route it reaches (list glitches take only the list route)
	 */
	take(kind, path, route) {
		const index = this.pending.findIndex(
			(f) =>
				(f.scope === 'all' || f.scope === kind) &&
				(f.match === null || path.includes(f.match)) &&
				(!LIST_GLITCHES.includes(f.kind) || route === 'list'),
		);
		if (index === -1) return null;
		const fault = this.pending[index];
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.pending.splice(index, 1);
		return { ...fault };
	}

	list() {
		return this.pending.map((f) => ({ ...f }));
	}

	clear() {
		this.pending.length = 0;
	}
}

function normalise(spec) {
	if (!spec || typeof spec !== 'object') throw new TypeError('A fault must be an object such as { kind: "status500" }.');
	const { kind, count = 1, scope = 'api', match, retryAfterSeconds = 1, hangMs = DEFAULT_HANG_MS } = spec;
	const kinds = [...FAULT_KINDS, ...LIST_GLITCHES];
	if (!kinds.includes(kind)) throw new TypeError(`Unknown fault kind "${kind}": use one of ${kinds.join(', ')}.`);
	if (!SCOPES.includes(scope)) throw new TypeError(`Unknown fault scope "${scope}": use one of ${SCOPES.join(', ')}.`);
	if (!Number.isInteger(count) || count < 1) throw new TypeError('Fault count must be a positive integer.');
	if (!isNonNegative(retryAfterSeconds) || !isNonNegative(hangMs)) {
		throw new TypeError('retryAfterSeconds and hangMs must be non-negative numbers.');
	}
	if (match !== undefined && match !== null && typeof match !== 'string') throw new TypeError('Fault match must be a string.');
	return { kind, remaining: count, scope, match: match || null, retryAfterSeconds, hangMs };
}

function isNonNegative(value) {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * What to do for a fault: an HTTP answer ({ status, headers, body }), or an action on the socket
 * ({ action: 'drop' } / { action: 'hang', ms }).
 * @param {{ kind: string, retryAfterSeconds: number, hangMs: number }} fault
 * @param {string} tenant the envelope's tenant
 */
function faultAnswer(fault, tenant) {
	const json = (answer, error = true, status) => ({
		status: status ?? answer.status,
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(envelope(answer, { error, tenant, status })),
	});
	switch (fault.kind) {
		case 'status500':
			return json(ANSWERS.unexpected);
		case 'notAuthorized':
			return json(ANSWERS.notAuthorized);
		case 'html502':
			return { status: 502, headers: { 'Content-Type': 'text/html', Server: 'nginx' }, body: HTML_502 };
		case 'status503':
			return { status: 503, headers: { 'Content-Type': 'text/html' }, body: HTML_503 };
		case 'rateLimit429': {
			const answer = json(ANSWERS.tooManyRequests);
			answer.headers['Retry-After'] = String(Math.ceil(fault.retryAfterSeconds));
			answer.headers['X-RateLimit-Limit'] = '60';
			answer.headers['X-RateLimit-Remaining'] = '0';
			return answer;
		}
		case 'malformed':
			return { status: 200, headers: { 'Content-Type': 'application/json' }, body: truncatedJson(tenant) };
		case 'errorTrue':
			// HTTP 200 but the body says it failed: clients must check response.error too.
			return json(ANSWERS.unexpected, true, 200);
		case 'timedOut':
			return json(ANSWERS.timedOut);
		case 'drop':
		case 'lostAnswer':
			return { action: 'drop' };
		case 'timeout':
			return { action: 'hang', ms: fault.hangMs };
		default:
			throw new Error(`unhandled fault kind ${fault.kind}`);
	}
}

/** A plausible success body cut off mid-way, as when a proxy closes a chunked answer early. */
function truncatedJson(tenant) {
	const full = JSON.stringify(envelope(ANSWERS.ok, { error: false, tenant }));
	return full.slice(0, Math.floor(full.length * 0.6));
}

module.exports = { FaultQueue, FAULT_KINDS, LIST_GLITCHES, faultAnswer };
