'use strict';

/**
 * A scripted OpenAI-compatible chat-completions server for the agent cases (e2e/agent.js): it answers
 * what the script returns for each request and records every request as it arrived (path, headers,
 * body), so a test can check what n8n sent to "the model". Not a model: the script decides.
 *
 *   const server = await startModelServer((body) => ({ content: 'Hi' }));   // or { toolCalls: [...] }
 *   server.url  // http://127.0.0.1:<port>/v1, the openAiApi credential's Base URL
 */

const crypto = require('node:crypto');
const http = require('node:http');

/** The chat-completions message of an answer: text, or tool calls (`{ name, arguments }`). */
function messageOf(answer) {
	if (!answer.toolCalls) return { role: 'assistant', content: answer.content ?? '' };
	return {
		role: 'assistant',
		content: null,
		tool_calls: answer.toolCalls.map((call, index) => ({
			index,
			id: `call_${crypto.randomBytes(6).toString('hex')}`,
			type: 'function',
			function: { name: call.name, arguments: JSON.stringify(call.arguments) },
		})),
	};
}

const USAGE = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

/** One completion, as JSON or (when the request asks to stream) as server-sent events. */
function send(res, model, message, stream) {
	const base = { id: `chatcmpl-${crypto.randomBytes(6).toString('hex')}`, created: Math.floor(Date.now() / 1000), model };
	const finish = message.tool_calls ? 'tool_calls' : 'stop';
	if (!stream) {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage: USAGE }));
		return;
	}
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const chunk = (delta, finishReason = null) =>
		res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`);
	chunk({ role: 'assistant', content: message.content ?? '', ...(message.tool_calls ? { tool_calls: message.tool_calls } : {}) });
	chunk({}, finish);
	res.write('data: [DONE]\n\n');
	res.end();
}

/**
 * Starts the server on 127.0.0.1 and a free port. `script(body, request)` returns the answer to a
 * chat-completions request: `{ content }` or `{ toolCalls: [{ name, arguments }] }`.
 */
async function startModelServer(script) {
	const requests = [];
	const exchanges = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', async () => {
			const body = raw ? JSON.parse(raw) : undefined;
			const request = { method: req.method, path: req.url, headers: req.headers, body };
			requests.push(request);
			try {
				if (req.method === 'GET' && req.url.endsWith('/models')) {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'segura-e2e' }] }));
					return;
				}
				if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
					res.writeHead(404, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: { message: `scripted model server: no ${req.method} ${req.url}` } }));
					return;
				}
				const message = messageOf(await script(body, request));
				exchanges.push({ request: body, response: message });
				send(res, body.model, message, body.stream === true);
			} catch (error) {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `scripted model server: ${error.message}` } }));
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}/v1`,
		/** Every request received, in order: `{ method, path, headers, body }`. */
		requests,
		/** Chat-completions requests with the answer given: `{ request, response }`. */
		exchanges,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startModelServer };
