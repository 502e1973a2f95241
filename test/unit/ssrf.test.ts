import { NodeApiError } from 'n8n-workflow';

import { runNode } from './mock-context';

/** n8n's own errors (@n8n/backend-network), as its SSRF protection throws them. */
function blocked(kind: 'Ip' | 'Hostname', fields: Record<string, string>): Error {
	const message =
		kind === 'Ip'
			? 'The request was blocked because it resolves to a restricted IP address'
			: 'The request was blocked because the destination hostname is restricted';
	return Object.assign(new Error(message), { name: `SsrfBlocked${kind}Error`, ...fields });
}

const create = { operation: 'create', user: 'alice', device: '10.66.33.17', protocol: 'SSH', credential: 'root' };

// n8n 1.x has no SSRF protection: nothing to recognise there.
(N8N_LINE === 2 ? describe : describe.skip)("n8n's SSRF protection", () => {
	it('blocking the token call: says so, names the host and how to allow it, not a wrong secret', async () => {
		const cause = blocked('Ip', { ip: '10.66.33.120', hostname: 'pam.example.com' });
		const thrown = Object.assign(new Error(`Failed to acquire OAuth2 access token: ${cause.message}`), { cause });
		const { error, requests } = await runNode({ parameters: create, answers: [{ thrown }] });
		expect(requests).toHaveLength(1);
		expect(error?.message).toBe("n8n's SSRF protection blocked the request to pam.example.com (10.66.33.120)");
		expect(error?.description).toContain('N8N_SSRF_ALLOWED_IP_RANGES=10.66.33.120/32');
		expect(error?.description).toContain('N8N_SSRF_ALLOWED_HOSTNAMES=pam.example.com');
		expect(error?.description).not.toMatch(/Client Secret/);
	});

	it('blocking an API call (a read, never retried): names the hostname', async () => {
		const thrown = new NodeApiError(
			{ id: '1', name: 'Segura', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} },
			blocked('Hostname', { hostname: 'segura.internal' }) as never,
		);
		const { error, requests } = await runNode({
			parameters: { operation: 'getMany', returnAll: true },
			answers: () => ({ thrown }),
		});
		expect(requests).toHaveLength(1);
		expect(error?.message).toBe("n8n's SSRF protection blocked the request to segura.internal");
		expect(error?.description).toContain('N8N_SSRF_ALLOWED_HOSTNAMES=segura.internal');
	});
});
