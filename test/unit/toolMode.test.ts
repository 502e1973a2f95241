/**
 * Create as a workflow node and as an AI agent's tool: the session token reaches the tool's answer
 * (which n8n sends to the model) only when the builder adds Include Session Token and leaves it on.
 */
import { ok, runNode } from './mock-context';

const TOOL_TYPE = 'n8n-nodes-segura.seguraRemoteSessionTool';
const URL = 'https://10.66.33.120/modulos/auth?_sr=abc';

const created = () => ok({ session: { session_url: URL, token: '6a3afbb1b32262', selection_mode: 'automatic' } });
const base = { operation: 'create', user: 'alice', device: '10.66.33.17', protocol: 'SSH' };

async function createOutput(options: { nodeType?: string; includeSessionToken?: boolean }) {
	const parameters =
		options.includeSessionToken === undefined ? base : { ...base, options: { includeSessionToken: options.includeSessionToken } };
	const { output, error, requests } = await runNode({ parameters, nodeType: options.nodeType, answers: [created()] });
	expect(error).toBeUndefined();
	expect(requests).toHaveLength(1);
	return output?.[0].json;
}

describe('Include Session Token, workflow node and AI tool', () => {
	it('workflow node, option not added: token in the output (as in every release so far)', async () => {
		expect(await createOutput({})).toEqual({
			session_url: URL,
			token: '6a3afbb1b32262',
			selection_mode: 'automatic',
			user: 'alice',
			device: '10.66.33.17',
			protocol: 'SSH',
			created_at: expect.any(String),
		});
	});

	it('workflow node, option off: no token', async () => {
		expect(await createOutput({ includeSessionToken: false })).not.toHaveProperty('token');
	});

	it('AI tool, option not added: no token, the session URL stays', async () => {
		expect(await createOutput({ nodeType: TOOL_TYPE })).toEqual({
			session_url: URL,
			selection_mode: 'automatic',
			user: 'alice',
			device: '10.66.33.17',
			protocol: 'SSH',
			created_at: expect.any(String),
		});
	});

	it('AI tool, option added and on: the builder asked for the token, it is there', async () => {
		expect(await createOutput({ nodeType: TOOL_TYPE, includeSessionToken: true })).toMatchObject({
			session_url: URL,
			token: '6a3afbb1b32262',
		});
	});

	it('AI tool, option added and off: no token', async () => {
		expect(await createOutput({ nodeType: TOOL_TYPE, includeSessionToken: false })).not.toHaveProperty('token');
	});
});
