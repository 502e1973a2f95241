'use strict';

/**
 * A tiny HTTPS client for the sandbox tests. It lives in a .js file because the n8n linter forbids
 * Node built-ins (other than crypto) in TypeScript sources, and global fetch cannot be given a CA.
 */

const https = require('node:https');

/**
 * @param {string} url
 * @param {{ ca?: string, method?: string, headers?: Record<string, string>, body?: string }} [options]
 * @returns {Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: string }>}
 */
function httpsRequest(url, options = {}) {
	return new Promise((resolve, reject) => {
		const req = https.request(
			url,
			// agent: false, so no keep-alive socket outlives the test.
			{ method: options.method || 'GET', headers: options.headers, ca: options.ca, agent: false },
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () =>
					resolve({ status: res.statusCode || 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
				);
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(options.body);
	});
}

/**
 * GET shorthand.
 * @param {string} url
 * @param {string} [ca] PEM of the certificate to trust
 */
function httpsGet(url, ca) {
	return httpsRequest(url, { ca });
}

module.exports = { httpsRequest, httpsGet };
