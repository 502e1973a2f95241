/**
 * Faults on the token endpoint, over HTTP against the sandbox: the item that needed the token
 * fails with a clear message, the batch goes on, and nothing is created twice; then a stored token
 * whose renewal is refused.
 */
import { NodeApiError } from 'n8n-workflow';

import type { FaultSpec } from '../../sandbox';
import { ACTIVE_SESSION_ID, CREATE, CREDENTIAL_ID, inputItems, isSuccess, useRig, type Rig } from './support';

let rig: Rig;
useRig((started) => (rig = started));

describe('token endpoint faults: the item that needed the token fails clearly, the batch goes on', () => {
	// Create is never retried, so each fault's own effect shows; the next item fetches a token again.
	// n8n 1.x drops the token endpoint's answer body: there the status is what is left to report.
	const fromBody = (message: RegExp, status: number) => (N8N_LINE === 1 ? new RegExp(`^Segura answered HTTP ${status} `) : message);
	const TOKEN_FAULTS: Array<{ kind: FaultSpec['kind']; message: RegExp; poisonsCredential?: boolean }> = [
		{ kind: 'status500', message: fromBody(/^Unexpected error\.$/, 500) },
		{ kind: 'notAuthorized', message: fromBody(/not authorized to access/, 500) },
		{ kind: 'html502', message: /^Segura answered HTTP 502 / },
		{ kind: 'status503', message: /^Segura answered HTTP 503 / },
		{ kind: 'rateLimit429', message: fromBody(/^Too many requests\.$/, 429) },
		{ kind: 'drop', message: /connection .* was dropped/ },
		// n8n's token request has its own timeout (300 s): the node's Timeout does not reach it.
		{ kind: 'timeout', message: /connection .* was dropped/ },
		{ kind: 'malformed', message: /did not issue an access token/ },
		// A 200 without access_token: n8n-core stores that answer as the token and never fetches
		// another (its check is for a missing or empty access_token only), so every later item fails
		// too, without a request, until the credential is saved again. n8n's behaviour, not the node's.
		// n8n 1.x: the node took the API's answers as they came, so what failed first was the token.
		{ kind: 'errorTrue', message: N8N_LINE === 1 ? /did not issue an access token/ : /failed before an answer arrived/, poisonsCredential: true },
		{ kind: 'timedOut', message: fromBody(/^Request timed out\.$/, 504) },
	];

	test.each(TOKEN_FAULTS)('$kind on the token request', async ({ kind, message, poisonsCredential }) => {
		rig.sandbox.injectFaults({ kind, scope: 'token', count: 1, hangMs: 200, retryAfterSeconds: 0 });
		const result = await rig.run(CREATE, inputItems(3), true);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.error).toMatch(message);
		expect(result.items[0].json.details).toEqual(expect.any(String));
		const sessions = poisonsCredential ? 0 : 2;
		expect(result.items.filter(isSuccess)).toHaveLength(sessions);
		expect(rig.sandbox.counters.tokenRequests).toBe(poisonsCredential ? 1 : 2);
		expect(rig.sandbox.counters.createAttempts).toBe(sessions);
		expect(rig.sandbox.counters.creates).toBe(sessions);
	});

	test('stored token expired and its renewal refused (client secret rotated): says so, once', async () => {
		const first = await rig.run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
		expect(first.error).toBeUndefined();
		const { oauthTokenData } = rig.engine.getCredentialData(CREDENTIAL_ID);
		rig.sandbox.expireTokens();
		rig.setCredential({ clientSecret: 'rotated-away', oauthTokenData });
		const result = await rig.run(CREATE, inputItems(2));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toMatch(/did not issue an access token/);
		expect((result.error as NodeApiError).description).toMatch(/Client Secret/);
		expect((result.error as NodeApiError).context.itemIndex).toBe(0);
		// One refused create (n8n 1.x: the same create twice, see "token expires mid-batch"), one
		// refused renewal; nothing created, nothing retried.
		expect(rig.sandbox.counters.createAttempts).toBe(N8N_LINE === 1 ? 2 : 1);
		expect(rig.sandbox.counters.tokenFailures).toBe(1);
		expect(rig.sandbox.counters.creates).toBe(0);
	});
});
