import { NodeApiError } from 'n8n-workflow';

import { delay } from '../reliability/wait';
import { errorBody, ok, runNode, type Answer } from './mock-context';

const created = ok({ session: { session_url: 'https://segura/modulos/auth?_sr=x', token: 't' } });
const noCredential: Answer = { status: 409, body: errorBody(409, 'session.no_available_credential') };
const later = async (ms: number, answer: Answer) => {
	await delay(ms);
	return answer;
};

/** Creates for users u0..u4; u2 fails at once while u1 and u3 are still in flight. */
function creates(concurrency: number) {
	const finished: string[] = [];
	const run = runNode({
		parameters: [0, 1, 2, 3, 4].map((i) => ({
			operation: 'create',
			user: `u${i}`,
			device: '10.66.33.17',
			protocol: 'SSH',
			options: { concurrency },
		})),
		items: 5,
		answers: async (request) => {
			const user = String((request.body as { user: string }).user);
			const answer = user === 'u2' ? noCredential : await later(user === 'u0' ? 0 : 50, created);
			finished.push(user);
			return answer;
		},
	});
	return { run, finished };
}

describe('creates in flight when another item fails (Continue On Fail off)', () => {
	it('waits for them, sends nothing new, retries nothing, and names the items that created sessions', async () => {
		const { run, finished } = creates(3);
		const { error, requests, output } = await run;
		expect(output).toBeUndefined();
		expect(error).toBeInstanceOf(NodeApiError);
		// u0 alone first, then u1-u3 at once; u4 never starts after u2's failure.
		expect(requests.map((request) => (request.body as { user: string }).user)).toEqual(['u0', 'u1', 'u2', 'u3']);
		expect([...finished].sort()).toEqual(['u0', 'u1', 'u2', 'u3']);
		expect(error?.message).toBe('session.no_available_credential');
		expect(error?.description).toMatch(/no free credential/);
		expect(error?.description).toMatch(/input items 1, 2, 4 \(counting from 1\) had already created sessions/);
		expect(error?.context?.itemsDone).toEqual([0, 1, 3]);
	});

	it('says the same one item at a time: the items before the failure had created sessions', async () => {
		const { run } = creates(1);
		const { error, requests } = await run;
		expect(requests).toHaveLength(3);
		expect(error?.description).toMatch(/input items 1, 2 \(counting from 1\) had already created sessions/);
	});

	it('adds nothing when no item had created a session', async () => {
		const { error } = await runNode({
			parameters: { operation: 'create', user: 'u2', device: '10.66.33.17', protocol: 'SSH' },
			answers: [noCredential],
		});
		expect(error?.description).not.toMatch(/had already/);
	});
});
