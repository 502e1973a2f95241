'use strict';

/**
 * The sandbox's session-list answer for N synthetic sessions, fetched over HTTP and parsed once,
 * the way n8n hands a parsed answer to a node: the in-process benchmarks time the node's own work on it.
 */

const { startSandbox } = require('../sandbox/server');

async function listAnswer(size) {
	const sandbox = await startSandbox({ syntheticSessions: size });
	try {
		const token = await (
			await fetch(`${sandbox.baseUrl}/iso/oauth2/token`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: `grant_type=client_credentials&client_id=${sandbox.clientId}&client_secret=${sandbox.clientSecret}`,
			})
		).json();
		const answer = await fetch(`${sandbox.baseUrl}/iso/session/remotesessions`, {
			headers: { authorization: `Bearer ${token.access_token}` },
		});
		return await answer.json();
	} finally {
		await sandbox.close();
	}
}

module.exports = { listAnswer };
