/**
 * Harness self-test, TLS: the Segura credential against an HTTPS server with a self-signed
 * certificate, with and without ignoreSSLIssues, in a node run and in the credential test.
 */
import { NodeApiError } from 'n8n-workflow';

import { credentials, newEngine, NODE, SUITE, useOAuthServer } from './setup';

describe(SUITE, () => {
	describe('TLS with a self-signed certificate', () => {
		const tls = useOAuthServer({ tls: true });

		test('without ignoreSSLIssues the token call is refused', async () => {
			const { error } = await newEngine(tls).runNode({ nodeType: NODE, credentials });
			expect(error?.message).toMatch(
				/Failed to acquire OAuth2 access token: self[- ]signed certificate/i,
			);
			expect(tls.state.tokenRequests).toHaveLength(0);
		});

		test('ignoreSSLIssues covers the token call only; the node must pass skipSslCertificateValidation', async () => {
			const engine = newEngine(tls, { ignoreSSLIssues: true });
			const without = await engine.runNode({ nodeType: NODE, credentials });
			expect(tls.state.tokenRequests).toHaveLength(1);
			expect(tls.state.apiRequests).toHaveLength(0);
			expect(without.error).toBeInstanceOf(NodeApiError);
			expect(without.error?.message).toMatch(/self[- ]signed certificate/i);

			const withOption = await engine.runNode({
				nodeType: NODE,
				credentials,
				parameters: { passSslOption: true },
			});
			expect(withOption.error).toBeUndefined();
			expect(withOption.items[0].json.token).toBe('tok-1');
		});

		test('the credential test passes skipSslCertificateValidation from ignoreSSLIssues', async () => {
			await expect(
				newEngine(tls, { ignoreSSLIssues: true }).testCredential('cred-1'),
			).resolves.toMatchObject({
				status: 'OK',
			});
		});
	});
});
