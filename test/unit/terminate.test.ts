import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ok, runNode } from './mock-context';

const hash = 'df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b';
const active = { id: '30', user: 'alice', device: '10.66.33.17:22', session_id: hash, start: '2026-11-22 10:00:00', end: null };
const dropped = ok({}, 'Session dropped successfully');
const dropFailed = { status: 200, body: { code: 200, response: { status: 200, message: 'An error occurred while droping session', error: true } } };

describe('terminate', () => {
	it('drops by session hash with one DELETE and says what was ended', async () => {
		const { output, requests } = await runNode({
			parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: hash },
			answers: [dropped],
		});
		expect(requests).toEqual([
			{
				method: 'DELETE',
				url: `https://segura.example.com/iso/session/drop/${hash}`,
				headers: { Accept: 'application/json' },
				json: true,
				returnFullResponse: true,
				skipSslCertificateValidation: false,
			},
		]);
		expect(output).toEqual([
			{
				json: { terminated: true, already_ended: false, session_id: hash, message: 'Session dropped successfully' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('looks the hash up first when given the numeric id (PAM Core paths)', async () => {
		const { output, requests } = await runNode({
			parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30' },
			credentials: { apiPaths: 'pamCore' },
			answers: [ok({ remote_session: [active] }), dropped],
		});
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['GET', 'https://segura.example.com/api/pam/session/remotesessions/30'],
			['DELETE', `https://segura.example.com/api/pam/session/drop/${hash}`],
		]);
		expect(output?.[0].json).toEqual({
			terminated: true,
			already_ended: false,
			session_id: hash,
			id: '30',
			user: 'alice',
			device: '10.66.33.17:22',
			message: 'Session dropped successfully',
		});
	});

	it('reports an already ended session (by id) as an error without sending a DELETE', async () => {
		const { error, requests } = await runNode({
			parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30' },
			answers: [ok({ remote_session: [{ ...active, end: '2026-11-22 10:05:00' }] })],
		});
		expect(requests).toHaveLength(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('Remote session 30 has already ended (at 2026-11-22 10:05:00)');
		expect(error?.description).toMatch(/Ignore If Already Ended/);
	});

	it('with Ignore If Already Ended, an ended session is a success item marked as such', async () => {
		const byId = await runNode({
			parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30', options: { ignoreIfAlreadyEnded: true } },
			answers: [ok({ remote_session: [{ ...active, end: '2026-11-22 10:05:00' }] })],
		});
		expect(byId.output?.[0].json).toMatchObject({ terminated: false, already_ended: true, session_id: hash, id: '30' });
		const byHash = await runNode({
			parameters: { operation: 'terminate', sessionHash: hash, options: { ignoreIfAlreadyEnded: true } },
			answers: [dropFailed],
		});
		expect(byHash.output?.[0].json).toEqual({
			terminated: false,
			already_ended: true,
			session_id: hash,
			message: 'An error occurred while droping session',
		});
	});

	it('without the option, a failed drop is a NodeApiError with the documented cause and fix', async () => {
		const { error, requests } = await runNode({
			parameters: { operation: 'terminate', sessionHash: hash },
			answers: [dropFailed],
		});
		expect(requests).toHaveLength(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('An error occurred while droping session');
		expect(error?.description).toMatch(/already ended, or no session has this session_id/);
	});

	it('never retries the DELETE, even on a 503', async () => {
		const { error, requests } = await runNode({
			parameters: { operation: 'terminate', sessionHash: hash },
			answers: [{ status: 503, body: '<html>Service Unavailable</html>' }, dropped],
		});
		expect(requests).toHaveLength(1);
		expect(error?.message).toMatch(/HTTP 503/);
	});

	it.each([['../x'], ['1?a=b'], ['%2F'], ['1#x'], ['abc def'], ['']])('rejects session hash %j before any request', async (sessionHash) => {
		const { error, requests } = await runNode({ parameters: { operation: 'terminate', sessionHash }, answers: [] });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(/Session Hash \(sessionHash\)/);
		expect(requests).toHaveLength(0);
	});
});
