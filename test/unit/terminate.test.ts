import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { explainFailedDrop } from '../../nodes/Segura/actions/remoteSession/sessionLookup';
import { LINE_OPTIONS, errorBody, node, ok, runNode, type Answer } from './mock-context';

const hash = 'df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b';
const active = { id: '30', user: 'alice', device: '10.66.33.17:22', session_id: hash, start: '2026-11-22 10:00:00', end: null };
const dropped = ok({}, 'Session dropped successfully');
const dropFailed = { status: 200, body: { code: 200, response: { status: 200, message: 'An error occurred while droping session', error: true } } };
/** 3.32 to v4: the failed drop is an HTTP 500 without code or tenant. */
const dropFailed500: Answer = { status: 500, body: { response: { status: 500, message: 'An error occurred while droping session', error: true, error_code: 1, mensagem: 'An error occurred while droping session', erro: true } } };
/** The success item of a Terminate by id that dropped the active session 30. */
const DROPPED_ITEM = {
	terminated: true,
	already_ended: false,
	session_id: hash,
	id: '30',
	user: 'alice',
	device: '10.66.33.17:22',
	end: null,
	message: 'Session dropped successfully',
};
/** The success item of a Terminate whose session had ended at 10:05. */
const ALREADY_ENDED_ITEM = {
	terminated: false,
	already_ended: true,
	session_id: hash,
	id: '30',
	user: 'alice',
	device: '10.66.33.17:22',
	end: '2026-11-22 10:05:00',
	message: 'Session had already ended',
};
const listed = (...sessions: IDataObject[]) => ok({ remote_sessions: [{ ...active, id: '29', session_id: 'other' }, ...sessions] });

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
				...LINE_OPTIONS,
				skipSslCertificateValidation: false,
			},
		]);
		expect(output).toEqual([
			{
				// The same fields as every Terminate item; a drop by session_id reads nothing else.
				json: { terminated: true, already_ended: false, session_id: hash, id: null, user: null, device: null, end: null, message: 'Session dropped successfully' },
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
		expect(output?.[0].json).toEqual(DROPPED_ITEM);
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
		// By hash, the failed drop is only "already ended" once the list shows the session's end.
		const byHash = await runNode({
			parameters: { operation: 'terminate', sessionHash: hash, options: { ignoreIfAlreadyEnded: true } },
			answers: [dropFailed, listed({ ...active, end: '2026-11-22 10:05:00' })],
		});
		expect(byHash.requests.map((request) => [request.method, request.url])).toEqual([
			['DELETE', `https://segura.example.com/iso/session/drop/${hash}`],
			['GET', 'https://segura.example.com/iso/session/remotesessions'],
		]);
		expect(byHash.output?.[0].json).toEqual(ALREADY_ENDED_ITEM);
	});

	it('without the option, a failed drop is looked up: an unknown session_id is named as such', async () => {
		const { error, requests } = await runNode({
			parameters: { operation: 'terminate', sessionHash: hash },
			answers: [dropFailed, ok({ remote_sessions: [] })],
		});
		expect(requests.map((r) => r.method)).toEqual(['DELETE', 'GET']);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('No remote session has this session_id');
	});

	it('without the option, a failed drop of an ended session says it had ended, as an error', async () => {
		const { error, output } = await runNode({
			parameters: { operation: 'terminate', sessionHash: hash },
			answers: [dropFailed, ok({ remote_sessions: [{ ...active, end: '2026-11-22 10:05:00' }] })],
		});
		expect(output).toBeUndefined();
		expect(error?.message).toBe('Remote session 30 has already ended (at 2026-11-22 10:05:00)');
		expect(error?.description).toMatch(/Turn on "Ignore If Already Ended"/);
	});

	it('never retries the DELETE, even on a 503', async () => {
		const { error, requests } = await runNode({
			parameters: { operation: 'terminate', sessionHash: hash },
			answers: [{ status: 503, body: '<html>Service Unavailable</html>' }, dropped],
		});
		expect(requests).toHaveLength(1);
		expect(error?.message).toMatch(/HTTP 503/);
	});

	it.each([
		['a?b=c', 'a%3Fb%3Dc'],
		['1#x', '1%23x'],
		['50%25', '50%2525'],
		['abc def', 'abc%20def'],
		['018d3131-0bf6-71c2-be17-999f062b8312', '018d3131-0bf6-71c2-be17-999f062b8312'],
		['tok+en=', 'tok%2Ben%3D'],
		['séssão', 's%C3%A9ss%C3%A3o'],
	])('accepts session id %j in any documented form and URL-encodes it into the path', async (sessionHash, encoded) => {
		const { output, requests } = await runNode({ parameters: { operation: 'terminate', sessionHash }, answers: [dropped] });
		expect(requests[0].url).toBe(`https://segura.example.com/iso/session/drop/${encoded}`);
		expect(output?.[0].json).toMatchObject({ terminated: true, session_id: sessionHash });
	});

	it.each([
		[{ sessionHash: undefined }, /Session ID \(sessionHash\) must not be empty/],
		[{ terminateBy: 'remoteSessionId' }, /Numeric ID \(remoteSessionId\) must be a positive integer/],
	])('a parameter n8n does not hand over is empty: %j', async (parameters, message) => {
		const { error, requests } = await runNode({ parameters: { operation: 'terminate', ...parameters }, answers: [] });
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch(/^Received ""\./);
		expect(requests).toHaveLength(0);
	});

	it.each([[''], ['   '], ['../x'], ['a/b'], ['a\u0000b'], ['a\u007fb'], ['a\nb'], ['.'], ['..']])(
		'rejects session hash %j before any request',
		async (sessionHash) => {
			const { error, requests } = await runNode({ parameters: { operation: 'terminate', sessionHash }, answers: [] });
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toMatch(/Session ID \(sessionHash\)/);
			expect(requests).toHaveLength(0);
		},
	);

	describe('never reports a false success', () => {
		const ignore = { ignoreIfAlreadyEnded: true };

		it.each([
			['HTTP 200 with error true', dropFailed],
			['HTTP 500 (3.32, v4)', dropFailed500],
		] as Array<[string, Answer]>)('a hash no session has is an error, even with Ignore If Already Ended (drop failure as %s)', async (_name, failure) => {
			const { error, output, requests } = await runNode({
				parameters: { operation: 'terminate', sessionHash: hash, options: ignore },
				answers: [failure, listed()],
			});
			expect(output).toBeUndefined();
			expect(requests).toHaveLength(2);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error?.message).toBe('No remote session has this session_id');
			expect(error?.description).toBe(
				'Segura could not drop it, and its session list holds no session with this session_id: nothing was terminated. Check the Session ID (the session_id Get or Get Many returns, not the numeric id).',
			);
			expect(`${error?.message} ${error?.description}`).not.toContain(hash);
		});

		it('a failed drop of a session the list shows as active is an error, not "already ended"', async () => {
			const { error } = await runNode({
				parameters: { operation: 'terminate', sessionHash: hash, options: ignore },
				answers: [dropFailed500, listed(active)],
			});
			expect(error?.message).toBe('Segura could not drop remote session 30, which has not ended');
			expect(error?.description).toBe(
				'Segura answered "An error occurred while droping session". Try again; if it persists, end the session in Segura.',
			);
		});

		it('by numeric id: a failed drop is confirmed by reading the session again', async () => {
			const endedNow = await runNode({
				parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30', options: ignore },
				answers: [ok({ remote_session: [active] }), dropFailed500, ok({ remote_session: [{ ...active, end: '2026-11-22 10:06:00' }] })],
			});
			expect(endedNow.output?.[0].json).toMatchObject({ terminated: false, already_ended: true, id: '30', end: '2026-11-22 10:06:00' });
			const stillActive = await runNode({
				parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30', options: ignore },
				answers: [ok({ remote_session: [active] }), dropFailed, ok({ remote_session: [active] })],
			});
			expect(stillActive.error?.message).toMatch(/could not drop remote session 30, which has not ended/);
		});

		it.each([
			['by numeric id', { terminateBy: 'remoteSessionId', remoteSessionId: '30', options: ignore }, [ok({ sessions: [] })]],
			['by hash, looking the session up', { sessionHash: hash, options: ignore }, [dropFailed, ok({ sessions: [] })]],
		])('%s: an answer of another shape names Terminate', async (_name, parameters, answers) => {
			const { error } = await runNode({ parameters: { operation: 'terminate', ...parameters }, answers: answers as Answer[] });
			// By hash the failed drop stays the error; the look-up's failure is its description's last part.
			expect(`${error?.message} ${error?.description}`).toMatch(/Segura's answer to Terminate does not have the documented shape/);
		});

		it('by numeric id: the session Segura returns must carry the id asked for', async () => {
			const { error, requests } = await runNode({
				parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30', options: ignore },
				answers: [ok({ remote_session: [{ ...active, id: '31' }] }), dropped],
			});
			expect(requests).toHaveLength(1);
			expect(error?.message).toBe("Segura's answer holds no remote session with id 30");
		});

		it('an unknown numeric id (3.32: HTTP 400 "1002: Session not found") is an error with the option on', async () => {
			const notFound = errorBody(400, '1002: Session not found');
			notFound.exception = { code: 1002, message: '1002: Session not found', detail: null };
			const { error, requests } = await runNode({
				parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30', options: ignore },
				answers: [{ status: 400, body: notFound }],
			});
			expect(requests).toHaveLength(1);
			expect(error?.message).toBe('Segura has no remote session with id 30');
			expect(error?.description).toBe(
				'Segura answered "1002: Session not found": nothing was terminated. Check the Numeric ID (the "id" field Get Many returns, such as 30); a session_id (such as 40 hex characters) goes in Terminate By: Session ID.',
			);
		});

		it('without the option, a failed drop (HTTP 500) is looked up too: an active session stays an error', async () => {
			const { error, requests } = await runNode({ parameters: { operation: 'terminate', sessionHash: hash }, answers: [dropFailed500, ok({ remote_sessions: [active] })] });
			expect(requests).toHaveLength(2);
			expect(error?.message).toBe('Segura could not drop remote session 30, which has not ended');
		});

		it('when the look-up fails too, the error is the failed drop and says it could not be checked', async () => {
			const { error } = await runNode({
				parameters: { operation: 'terminate', sessionHash: hash, options: ignore },
				answers: [dropFailed, { status: 500, body: errorBody(500, 'You are not authorized to access this resource.') }],
			});
			expect(error?.message).toBe('An error occurred while droping session');
			// The failed drop's own description first, then why it could not be checked.
			expect(error?.description).toMatch(/^\S.* The node could not check whether the session had ended: You are not authorized/);
		});

		it('a failed drop without a description: the error says only why it could not be checked', async () => {
			const context = { getNode: () => node } as unknown as IExecuteFunctions;
			const dropError = new NodeApiError(node, { message: 'An error occurred while droping session' });
			dropError.description = undefined;
			const lookUp = async () => Promise.reject(new Error('You are not authorized to access this resource.'));
			const thrown = await explainFailedDrop.call(context, lookUp, dropError, 0, true).catch((caught: NodeApiError) => caught);
			expect(thrown).toBeInstanceOf(NodeApiError);
			expect((thrown as NodeApiError).description).toBe(
				'The node could not check whether the session had ended: You are not authorized to access this resource.',
			);
		});
	});

	it.each([
		['message', { message: 'Session dropped successfully', mensagem: 'Sessão encerrada com sucesso' }, 'Session dropped successfully'],
		['mensagem (3.32 to v4)', { status: 200, mensagem: 'Sessão interrompida com sucesso', erro: false }, 'Sessão interrompida com sucesso'],
		['mensagem when message is empty', { message: '', mensagem: 'Sessão interrompida com sucesso' }, 'Sessão interrompida com sucesso'],
	])('reads the success message from %s', async (_name, response, message) => {
		const { output } = await runNode({ parameters: { operation: 'terminate', sessionHash: hash }, answers: [{ status: 200, body: { response } }] });
		expect(output?.[0].json.message).toBe(message);
	});
});

describe('terminate by numeric id: what the look-up must give', () => {
	const byId = (options: IDataObject = {}) => ({ operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30', options });

	it('a session without a session_id cannot be dropped: an error, no DELETE', async () => {
		const { error, requests } = await runNode({
			parameters: byId(),
			answers: [ok({ remote_session: [{ ...active, session_id: '' }] })],
		});
		expect(requests).toHaveLength(1);
		expect(error?.message).toBe('Segura returned remote session 30 without a session_id');
		expect(error?.description).toMatch(/Use Terminate By: Session ID/);
	});

	it('an answer without the id asked for lists the ids it holds, or none', async () => {
		const other = await runNode({ parameters: byId(), answers: [ok({ remote_session: [{ ...active, id: '31' }, { ...active, id: '32' }] })] });
		expect(other.error?.description).toMatch(/^It returned ids: 31, 32\. Nothing was terminated\./);
		const empty = await runNode({ parameters: byId(), answers: [ok({ remote_session: [] })] });
		expect(empty.error?.description).toMatch(/^It returned ids: none\. Nothing was terminated\./);
	});

	it('drops by the hash the look-up gave and says what was ended, with the summary of the session', async () => {
		const { output, requests } = await runNode({
			parameters: byId(),
			answers: [ok({ remote_session: [active] }), { status: 200, body: { response: { message: '  ', mensagem: '' } } }],
		});
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['GET', 'https://segura.example.com/iso/session/remotesessions/30'],
			['DELETE', `https://segura.example.com/iso/session/drop/${hash}`],
		]);
		expect(output?.[0].json).toEqual(DROPPED_ITEM);
	});

	it('an ended session with Ignore If Already Ended is a success item, without a DELETE', async () => {
		const ended = { ...active, end: '2026-11-22 10:05:00' };
		const { output, requests } = await runNode({ parameters: byId({ ignoreIfAlreadyEnded: true }), answers: [ok({ remote_session: [ended] })] });
		expect(requests).toHaveLength(1);
		expect(output?.[0].json).toEqual(ALREADY_ENDED_ITEM);
	});

	it('a failed drop that is not the documented drop failure is not looked up, even with the option', async () => {
		const { error, requests } = await runNode({
			parameters: { operation: 'terminate', sessionHash: hash, options: { ignoreIfAlreadyEnded: true } },
			answers: [{ status: 500, body: errorBody(500, 'Unexpected error.') }],
		});
		expect(requests).toHaveLength(1);
		expect(error?.message).toBe('Unexpected error.');
	});
});
