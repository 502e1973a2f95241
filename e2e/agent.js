'use strict';

/**
 * The AI agent cases of the e2e suite (e2e/run.js): the example examples/agent-chat.json (Chat Trigger
 * → AI Agent with an OpenAI chat model → Segura Remote Session tools filled by `$fromAI`) run in the
 * real n8n, its chat model pointed at a scripted OpenAI-compatible server (e2e/model-server.js)
 * and its Segura credential at a sandbox.
 *
 * The script plays the model: the first answer calls the tool n8n offered for the request (user and
 * device read from the prompt), the second quotes the tool's result. What is checked is n8n and the
 * node: the tool definitions n8n built, the call that reached the sandbox, what the model was sent
 * (never a session token, an access token or the client secret) and the agent's final answer.
 */

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const env = require('../tooling/n8n-env');
const { build } = require('./cases');
const { exampleCopy } = require('./example-copies');
const { startModelServer } = require('./model-server');

const EXAMPLE = 'agent-chat.json';
const OPENAI_CREDENTIAL = { id: 'openai-example', name: 'OpenAI account' };
const CREATE_PROMPT = { id: 'e2e-agent-create', chatInput: 'Please open an SSH session for carol on 10.66.33.17, she is on call.' };
const LIST_PROMPT = { id: 'e2e-agent-list', chatInput: 'Which sessions does alice have?' };
const CHECK_OUT_PROMPT = { id: 'e2e-agent-check-out', chatInput: 'Please check out credential 97 for the DBA on call.' };
const CHECK_IN_PROMPT = { id: 'e2e-agent-check-in', chatInput: 'The DBA is done: check in credential 97.' };
const PROMPTS = [CREATE_PROMPT, LIST_PROMPT, CHECK_OUT_PROMPT, CHECK_IN_PROMPT];

/** A chat-completions request's tool by the operation its description names (n8n's own wording). */
const toolFor = (body, action) => body.tools?.find((tool) => tool.function.description.startsWith(action));

/** The scripted model: a tool call for the prompt, then an answer quoting the tool's result. */
function script(body) {
	const ask = body.messages.find((m) => m.role === 'user')?.content ?? '';
	const text = typeof ask === 'string' ? ask : ask.map((part) => part.text ?? '').join('');
	const result = body.messages.filter((m) => m.role === 'tool').pop();
	if (!result) {
		const access = /session for (\S+) on ([^\s,]+?)\.?(?:[,\s]|$)/.exec(text);
		if (access) {
			const tool = toolFor(body, 'Create');
			return { toolCalls: [{ name: tool.function.name, arguments: { user: access[1], device: access[2], protocol: 'SSH' } }] };
		}
		const list = /sessions does (\S+) have/.exec(text);
		if (list) return { toolCalls: [{ name: toolFor(body, 'Get many').function.name, arguments: { user: list[1] } }] };
		const custody = /(check out|check in) credential (\d+)/.exec(text);
		if (custody) return { toolCalls: [{ name: toolFor(body, custody[1] === 'check out' ? 'Check out' : 'Check in').function.name, arguments: { credentialId: custody[2] } }] };
		return { content: 'I can open a session or list sessions: tell me the user and the device.' };
	}
	const content = String(result.content);
	if (/"error"\s*:/.test(content)) return { content: `The tool failed: ${content}` };
	const released = /"released"\s*:\s*(true|false)/.exec(content);
	if (released) return { content: released[1] === 'true' ? 'The credential is checked in.' : 'That credential was not checked out.' };
	const username = /"username"\s*:\s*"([^"]+)"/.exec(content);
	if (username) return { content: `Checked out: ${username[1]}; the DBA views the password in Segura.` };
	const url = /"session_url"\s*:\s*"([^"]+)"/.exec(content);
	if (url) return { content: `Here is the session link, valid for a few seconds: ${url[1]}` };
	const sessions = JSON.parse(content);
	const ids = sessions.map((s) => s.id);
	const active = sessions.filter((s) => s.active).map((s) => s.id);
	return { content: `${sessions.length} sessions: ids ${ids.join(', ')}; active: ${active.join(', ') || 'none'}.` };
}

/** Starts the scripted model server; its openAiApi credential carries the example's id and name. */
async function startAgentModel(secrets) {
	const server = await startModelServer(script);
	const apiKey = `sk-e2e-${crypto.randomBytes(12).toString('hex')}`;
	secrets.add(apiKey);
	server.credential = { ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey, url: server.url } };
	return server;
}

/** Runnable copies of the chat example: a manual trigger feeds the chat message the trigger would. */
function agentCopies(examples) {
	return PROMPTS.map(({ id, chatInput }) =>
		exampleCopy(examples[EXAMPLE], {
			id,
			replace: {
				'When Chat Message Received': build.node('', 'n8n-nodes-base.set', 3.4, {
					mode: 'raw',
					jsonOutput: JSON.stringify({ sessionId: id, action: 'sendMessage', chatInput }),
					options: {},
				}),
			},
			prepend: { node: build.manualTrigger('Run Test'), before: 'When Chat Message Received' },
		}),
	);
}

/** The `$fromAI(key, description, type)` calls of an example node, as n8n offers them to the model. */
function fromAiFields(node) {
	const fields = {};
	for (const [, key, description, type] of JSON.stringify(node.parameters).matchAll(/\$fromAI\('(\w+)', `([^`]*)`, '(\w+)'\)/g)) {
		fields[key] = { type, description };
	}
	return fields;
}

/** What a tool definition must be: the node's action as n8n words it, and the example's $fromAI fields. */
function expectedTool(node, action) {
	const fields = fromAiFields(node);
	const app = node.type.includes('seguraCredential') ? 'Segura Credential' : 'Segura Remote Session';
	return {
		name: node.name.replace(/ /g, '_'),
		description: `${action} in ${app}`,
		parameters: { required: Object.keys(fields).sort(), properties: fields },
	};
}

const shapeOf = (tool) => ({
	name: tool.function.name,
	description: tool.function.description,
	parameters: {
		required: [...(tool.function.parameters.required ?? [])].sort(),
		properties: Object.fromEntries(
			Object.entries(tool.function.parameters.properties).map(([key, p]) => [key, { type: p.type, description: p.description }]),
		),
	},
});

/** Every secret the sandbox knows of (client secret, access tokens, session tokens, passwords) absent from `text`. */
function assertNoSecrets(text, sandbox, where) {
	const secrets = [sandbox.clientSecret, ...sandbox.issuedTokens(), ...sandbox.sessionTokens(), ...sandbox.credentialSecrets().map((secret) => secret.split('\n')[1] ?? secret)];
	assert.ok(secrets.length > 2, 'the sandbox issued tokens to look for');
	for (const secret of secrets) assert.ok(!text.includes(secret), `${where} carries a Segura secret`);
	assert.ok(!/"token"\s*:/.test(text) && !/\\"token\\"\s*:/.test(text), `${where} carries a "token" field`);
	// ("content" is every chat message's own key: a private key is looked for by its body above.)
	assert.ok(!/\\?"password\\?"\s*:/.test(text), `${where} carries a "password" field`);
}

const clip = (text, max = 400) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

/** The transcript of a case, redacted (secrets and the session URL's `_sr=` value). */
function transcript(exchanges, redact) {
	const lines = exchanges.flatMap(({ request, response }, i) => {
		const last = request.messages[request.messages.length - 1];
		return [
			`  [${i + 1}] n8n → model: ${request.messages.length} messages, tools [${(request.tools ?? []).map((t) => t.function.name).join(', ')}], last (${last.role}): ${clip(JSON.stringify(last.content))}`,
			`  [${i + 1}] model → n8n: ${response.tool_calls ? `tool call ${response.tool_calls.map((c) => `${c.function.name}(${c.function.arguments})`).join(', ')}` : JSON.stringify(response.content)}`,
		];
	});
	return redact(lines.join('\n')).replace(/_sr=[\w-]+/g, '_sr=[redacted]');
}

/**
 * The agent cases, run through the running server after the REST cases: `{ name, workflowId, check }`
 * as rest-cases.js has them, each check also given the model requests of its run.
 */
function defineAgentCases({ D, examples, model, say, redact, keepDir }) {
	const example = examples[EXAMPLE];
	const node = (name) => example.nodes.find((n) => n.name === name);
	const newExchanges = (from) => model.exchanges.slice(from);
	const finalAnswer = (run) => run.data.resultData.runData['Segura Agent'][0].data.main[0][0].json.output;
	const check = (from, saveAs) => {
		const exchanges = newExchanges(from);
		// Printed (redacted) before any check, so a failing run shows what the model was sent.
		say(`  agent transcript (${saveAs}):\n${transcript(exchanges, redact)}`);
		if (keepDir) fs.writeFileSync(path.join(keepDir, `agent-transcript-${saveAs}.json`), redact(JSON.stringify(exchanges, null, 2)).replace(/_sr=[\w-]+/g, '_sr=[redacted]'));
		assert.equal(exchanges.length, 2, 'two model calls: the tool call, then the answer');
		assertNoSecrets(JSON.stringify(model.requests), D, 'a request to the model server');
		const tools = exchanges[0].request.tools.map(shapeOf).sort((a, b) => a.name.localeCompare(b.name));
		assert.deepEqual(tools, [
			expectedTool(node('Check In Credential'), 'Check in a credential'),
			expectedTool(node('Check Out Credential'), 'Check out a credential'),
			expectedTool(node('List Sessions'), 'Get many remote sessions'),
			expectedTool(node('Open Session'), 'Create a web proxy session URL'),
		]);
		return exchanges;
	};
	let from = 0;
	return [
		{
			name: 'AI agent: Create tool from a chat request (example agent-chat, scripted model)',
			workflowId: CREATE_PROMPT.id,
			before: () => ((from = model.exchanges.length), D.requests.length),
			check(run, before, sandboxFrom) {
				check(from, 'create');
				const creates = D.requests.slice(sandboxFrom).filter((r) => r.method === 'POST' && /remote\/session$/.test(r.path));
				assert.equal(creates.length, 1, 'exactly one create reached the sandbox');
				assert.deepEqual(creates[0].body, { user: 'carol', device: '10.66.33.17', protocol: 'SSH' });
				assert.equal(D.counters.creates - before.creates, 1);
				const url = /(http\S+_sr=[\w-]+)/.exec(finalAnswer(run))?.[1];
				assert.ok(url?.startsWith(`${D.baseUrl}/modulos/auth?_sr=`), 'the final answer carries the session URL');
				const toolOutput = run.data.resultData.runData['Open Session'][0].data.ai_tool[0][0].json;
				assert.equal(toolOutput.response?.[0]?.session_url ?? toolOutput.session_url, url, 'the URL the tool returned');
			},
		},
		{
			name: 'AI agent: Get Many tool, summary of the sandbox\'s sessions',
			workflowId: LIST_PROMPT.id,
			before: () => ((from = model.exchanges.length), D.requests.length),
			check(run, before, sandboxFrom) {
				check(from, 'list');
				const lists = D.requests.slice(sandboxFrom).filter((r) => r.method === 'GET' && /remotesessions$/.test(r.path));
				assert.equal(lists.length, 1, 'one list call reached the sandbox');
				const expected = D.sessions().filter((s) => s.user === 'alice');
				assert.ok(expected.length >= 2 && expected.length <= 20, 'alice has sessions in the sandbox, fewer than the tool\'s limit');
				const answer = /^(\d+) sessions: ids ([\d, ]+); active: (.*)\.$/.exec(finalAnswer(run));
				assert.ok(answer, `summary in the scripted form: ${finalAnswer(run)}`);
				const ids = (list) => list.split(', ').filter((id) => id !== 'none').sort();
				assert.equal(Number(answer[1]), expected.length);
				assert.deepEqual(ids(answer[2]), expected.map((s) => s.id).sort());
				assert.deepEqual(ids(answer[3]), expected.filter((s) => !s.end).map((s) => s.id).sort());
			},
		},
		{
			name: 'AI agent: Check Out tool takes custody; the model never receives the password',
			workflowId: CHECK_OUT_PROMPT.id,
			before: () => ((from = model.exchanges.length), D.requests.length),
			check(run, before, sandboxFrom) {
				check(from, 'check-out');
				const reads = D.requests.slice(sandboxFrom).filter((r) => r.method === 'GET' && /\/credential\/97$/.test(r.path));
				assert.equal(reads.length, 1, 'one check-out reached the sandbox');
				assert.deepEqual(D.custody().held, { 97: [D.clientId] }, 'credential 97 is in custody');
				assert.equal(finalAnswer(run), 'Checked out: dbadmin; the DBA views the password in Segura.');
				const toolOutput = JSON.stringify(run.data.resultData.runData['Check Out Credential'][0].data.ai_tool[0][0].json);
				assert.ok(!/password|PRIVATE KEY/.test(toolOutput), 'the tool\'s output holds no password');
			},
		},
		{
			name: 'AI agent: Check In tool releases custody',
			workflowId: CHECK_IN_PROMPT.id,
			before: () => ((from = model.exchanges.length), D.requests.length),
			check(run, before, sandboxFrom) {
				check(from, 'check-in');
				const releases = D.requests.slice(sandboxFrom).filter((r) => r.method === 'DELETE' && /\/credential\/custody\/97$/.test(r.path));
				assert.equal(releases.length, 1, 'one release reached the sandbox, at the custody path');
				assert.deepEqual(D.custody().held, {}, 'nothing held');
				assert.deepEqual(D.custody().deactivated, [], 'nothing deactivated');
				assert.equal(finalAnswer(run), 'The credential is checked in.');
			},
		},
	];
}

/** Runs the agent cases through the running server; `step` records each. */
async function agentChecks({ n8n, client, step, ...ctx }) {
	for (const testCase of defineAgentCases(ctx)) {
		await step(testCase.name, async () => {
			const before = { ...ctx.D.counters };
			const sandboxFrom = testCase.before();
			const { status, data } = await env.runWorkflowViaRest(n8n.runtime, client, testCase.workflowId);
			assert.equal(status, 'success', `execution status ${status}: ${JSON.stringify(data.resultData.error ?? {})}`);
			testCase.check({ data }, before, sandboxFrom);
		});
	}
}

module.exports = { startAgentModel, agentCopies, agentChecks };
