'use strict';

/**
 * Counts the token requests n8n makes, at the OAuth2 client n8n-core uses, whether or not they
 * reach a server (a TLS failure never does). A .js file because the n8n linter forbids importing
 * packages other than the allowed ones and the devDependencies in TypeScript sources.
 */

const path = require('node:path');

function watchTokenRequests() {
	const coreDir = path.dirname(require.resolve('n8n-core'));
	const { ClientOAuth2 } = require(require.resolve('@n8n/client-oauth2', { paths: [coreDir] }));
	const original = ClientOAuth2.prototype.accessTokenRequest;
	/** @type {Array<{ url: string, ok: boolean | null }>} */
	const calls = [];
	ClientOAuth2.prototype.accessTokenRequest = async function accessTokenRequest(options, ...rest) {
		const call = { url: String(options && options.url), ok: null };
		calls.push(call);
		try {
			const result = await original.call(this, options, ...rest);
			call.ok = true;
			return result;
		} catch (error) {
			call.ok = false;
			throw error;
		}
	};
	return {
		calls,
		restore() {
			ClientOAuth2.prototype.accessTokenRequest = original;
		},
	};
}

module.exports = { watchTokenRequests };
