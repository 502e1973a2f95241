'use strict';

/**
 * OAuth 2.0 client-credentials side of the sandbox: client authentication (body or HTTP Basic) and
 * the access tokens it hands out, each with its own expiry checked on every request.
 */

const crypto = require('node:crypto');

class TokenStore {
	/** @param {number} lifetimeSeconds lifetime of tokens issued from now on */
	constructor(lifetimeSeconds) {
		this.lifetimeSeconds = lifetimeSeconds;
		/** token → expiry (ms since epoch); insertion order = issue order. */
		this.expiries = new Map();
	}

	/** A JWT-shaped random token: clients must treat it as opaque, but it looks like the real thing. */
	issue(clientId) {
		const issuedAt = Math.floor(Date.now() / 1000);
		const header = encodeJson({ alg: 'RS256', typ: 'JWT' });
		const payload = encodeJson({
			iss: 'segura-sandbox',
			sub: clientId,
			iat: issuedAt,
			exp: issuedAt + this.lifetimeSeconds,
			jti: crypto.randomUUID(),
		});
		const token = `${header}.${payload}.${crypto.randomBytes(64).toString('base64url')}`;
		this.expiries.set(token, Date.now() + this.lifetimeSeconds * 1000);
		return { token, expiresIn: this.lifetimeSeconds };
	}

	/** True while the token is known and not expired. */
	isValid(token) {
		const expiry = this.expiries.get(token);
		return expiry !== undefined && Date.now() < expiry;
	}

	/** The client a token was issued to (its `sub`); '' for anything else. */
	subjectOf(token) {
		try {
			return String(JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8')).sub ?? '');
		} catch {
			return '';
		}
	}

	expireAll() {
		for (const token of this.expiries.keys()) this.expiries.set(token, 0);
	}

	all() {
		return [...this.expiries.keys()];
	}
}

/**
 * The client id and secret a token request presents: HTTP Basic when that header is sent (RFC 6749
 * §2.3.1: both parts form-urlencoded before base64), otherwise client_id / client_secret in the body.
 * `via` says which, for profiles that accept only one.
 * @returns {{ id: string, secret: string, via: 'basic' | 'body' } | null}
 */
function presentedClient(authorization, form) {
	if (typeof authorization === 'string' && /^basic\s/i.test(authorization)) {
		const decoded = Buffer.from(authorization.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon === -1) return null;
		return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)), via: 'basic' };
	}
	const id = typeof form.client_id === 'string' ? form.client_id : '';
	const secret = typeof form.client_secret === 'string' ? form.client_secret : '';
	return id && secret ? { id, secret, via: 'body' } : null;
}

/** application/x-www-form-urlencoded decoding; a malformed escape is taken literally. */
function formDecode(value) {
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}

/** Constant-time comparison, so the sandbox does not model a timing side channel. */
function sameSecret(a, b) {
	const hash = (s) => crypto.createHash('sha256').update(String(s)).digest();
	return crypto.timingSafeEqual(hash(a), hash(b));
}

function encodeJson(value) {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

module.exports = { TokenStore, presentedClient, sameSecret };
