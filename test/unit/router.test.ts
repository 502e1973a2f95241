/** The router (actions/router.ts): operation dispatch, Continue On Fail items, the error that stops a run. */
import { NodeOperationError } from 'n8n-workflow';

import { errorBody, ok, runNode } from './mock-context';

const hash = 'df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b';
const dropped = ok({}, 'Session dropped');
const dropFailed = { status: 500, body: errorBody(500, 'Unexpected error.') };

describe('router', () => {
	it('refuses an operation it does not have, before any request', async () => {
		const { error, requests } = await runNode({ parameters: { operation: 'nope' }, answers: [] });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('The operation "nope" is not supported');
		expect(requests).toHaveLength(0);
	});

	it('Continue On Fail: the error item holds the message and the fix, paired to its input', async () => {
		const { output } = await runNode({
			parameters: [{ operation: 'get', remoteSessionId: 'abc' }, { operation: 'get', remoteSessionId: '' }],
			items: 2,
			continueOnFail: true,
			answers: [],
		});
		expect(output).toEqual([
			{
				json: {
					error: 'Invalid parameter: Numeric ID (remoteSessionId) must be a positive integer (the numeric id, not the session_id hash)',
					details: 'Received "abc". Nothing was sent to Segura. Fix the value in the node (or the expression that produces it) and run again.',
				},
				pairedItem: { item: 0 },
			},
			expect.objectContaining({ pairedItem: { item: 1 } }),
		]);
	});

	it('Continue On Fail: an error without a fix gives an item with the message alone', async () => {
		const { operations } = await import('../../nodes/Segura/actions/remoteSession');
		const failing = jest.spyOn(operations.get, 'execute').mockRejectedValue(new Error('unexpected'));
		try {
			const { output } = await runNode({ parameters: { operation: 'get', remoteSessionId: '30' }, continueOnFail: true, answers: [] });
			expect(output).toStrictEqual([{ json: { error: 'unexpected' }, pairedItem: { item: 0 } }]);
		} finally {
			failing.mockRestore();
		}
	});

	it('a stopped Terminate names the items that had already terminated sessions', async () => {
		const { error } = await runNode({
			parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: hash, options: { concurrency: 1 } },
			items: 3,
			answers: [dropped, dropped, dropFailed],
		});
		expect(error?.message).toBe('Unexpected error.');
		expect(error?.description).toMatch(
			/\n\nBefore this failure, input items 1, 2 \(counting from 1\) had already terminated sessions; they are not in the output/,
		);
		expect(error?.context?.itemsDone).toEqual([0, 1]);
	});

	it('a stopped read adds nothing: reading changed nothing on the appliance', async () => {
		const { error } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30', options: { concurrency: 1 } },
			items: 2,
			answers: [ok({ remote_session: [{ id: '30' }] }), { status: 400, body: errorBody(400, 'x') }],
		});
		expect(error?.message).toBe('x');
		expect(error?.description).not.toMatch(/Before this failure/);
		expect(error?.context?.itemsDone).toBeUndefined();
	});
});
