/**
 * How the Segura sandbox is served: under a base path, over HTTPS, and from the command line. Each
 * test starts its own sandbox (or CLI process) with the options it checks.
 */
import { api, call, env, FORM, getToken, withSandbox } from './client';
import type { Envelope, TokenAnswer } from './client';
import { expectOk } from './expect-envelope';
import { httpsRequest } from './https-get';
import { GATEWAY_NO_ROUTE } from './profile-cases';
import { runCli } from './run-cli';
import { parseLocal } from './seed';

describe('base path', () => {
	it('serves token and API under the base path only, and keeps control at the origin', async () => {
		await withSandbox({ basePath: 'segura/' }, async (own) => {
			expect(own.baseUrl).toBe(`${own.origin}/segura`);
			const ownToken = await getToken(own);
			const created = await api(own, ownToken, 'POST', '/api/pam/remote/session', { user: 'alice', device: '10.66.33.17', protocol: 'SSH' });
			expectOk(created, 'Session created successfully');
			expect(env(created).session?.session_url.startsWith(`${own.origin}/segura/modulos/auth?_sr=`)).toBe(true);
			expect(own.requests.at(-1)).toMatchObject({ path: '/api/pam/remote/session', fullPath: '/segura/api/pam/remote/session', status: 200 });

			// A client that drops the base path reaches no route at all.
			const outside = await call(`${own.origin}/iso/session/remotesessions`, { headers: { Authorization: `Bearer ${ownToken}` } });
			expect(outside.status).toBe(404);
			expect(outside.json).toEqual(GATEWAY_NO_ROUTE);
			const tokenOutside = await call(`${own.origin}/iso/oauth2/token`, { method: 'POST', headers: FORM, body: 'grant_type=client_credentials' });
			expect(tokenOutside.status).toBe(404);

			expect((await call(`${own.controlUrl}/state`)).status).toBe(200);
			expect(own.controlUrl).toBe(`${own.origin}/__sandbox`);
		});
	});
});

describe('HTTPS', () => {
	it('serves HTTPS with a fresh self-signed certificate for 127.0.0.1', async () => {
		const started = Date.now();
		await withSandbox({ https: true }, async (own) => {
			expect(Date.now() - started).toBeLessThan(3000);
			expect(own.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
			expect(own.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
			const ca = own.certificatePem;

			const tokenReply = await httpsRequest(`${own.baseUrl}/iso/oauth2/token`, {
				ca,
				method: 'POST',
				headers: FORM,
				body: new URLSearchParams({ grant_type: 'client_credentials', client_id: own.clientId, client_secret: own.clientSecret }).toString(),
			});
			expect(tokenReply.status).toBe(200);
			const httpsToken = (JSON.parse(tokenReply.body) as TokenAnswer).access_token;

			const created = await httpsRequest(`${own.baseUrl}/iso/remote/session`, {
				ca,
				method: 'POST',
				headers: { Authorization: `Bearer ${httpsToken}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ user: 'alice', device: '10.66.33.17', protocol: 'SSH' }),
			});
			expect(created.status).toBe(200);
			expect((JSON.parse(created.body) as Envelope).session?.session_url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/modulos\/auth\?_sr=/);

			// Without the certificate as a trust anchor the connection is refused.
			await expect(httpsRequest(`${own.baseUrl}/iso/session/remotesessions`)).rejects.toThrow(/self[- ]signed/i);
		});
	});
});

describe('CLI', () => {
	it('prints what to put in the credential, serves it, and stops cleanly on SIGTERM', async () => {
		const cli = await runCli(['--port', '0', '--base-path', '/segura', '--client-secret', 'cli-test-secret', '--timezone-offset', '-180']);
		const banner = cli.output();
		const baseUrl = /Base URL\s+(\S+)/.exec(banner)?.[1] ?? '';
		expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/segura$/);
		expect(banner).toMatch(/Client ID\s+n8n-sandbox-client/);
		expect(banner).toMatch(/Client Secret\s+cli-test-secret/);
		expect(banner).toContain(`${baseUrl.replace('/segura', '')}/__sandbox`);

		const reply = await call(`${baseUrl}/iso/oauth2/token`, {
			method: 'POST',
			headers: FORM,
			body: 'grant_type=client_credentials&client_id=n8n-sandbox-client&client_secret=cli-test-secret',
		});
		expect(reply.status).toBe(200);
		const accessToken = (reply.json as TokenAnswer).access_token as string;
		const list = await call(`${baseUrl}/iso/session/remotesessions`, { headers: { Authorization: `Bearer ${accessToken}` } });
		expect(list.status).toBe(200);
		// Seeded session 37 started 8 minutes ago, shown in UTC-3 (--timezone-offset -180).
		const start = parseLocal(env(list).remote_sessions?.find((x) => x.id === '37')?.start ?? null);
		expect(Math.abs(start - (Date.now() - 8 * 60 * 1000 - 180 * 60 * 1000))).toBeLessThan(5000);

		expect(await cli.stop('SIGTERM')).toBe(0);
		const output = cli.output();
		expect(output).toContain('GET /segura/iso/session/remotesessions → 200');
		expect(output).not.toContain(accessToken);
		// The secret appears once: in the start-up block.
		expect(output.split('cli-test-secret')).toHaveLength(2);
	});

	it('exits with a usage message on an unknown flag', async () => {
		const cli = await runCli(['--nope']);
		expect(await cli.exited).toBe(2);
		expect(cli.output()).toContain('Usage: npm run sandbox');
	});
});
