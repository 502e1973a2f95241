'use strict';

/**
 * n8n in queue mode for e2e/queue.js and bench/queue.js: the environment shared by main and
 * workers, `n8n worker` processes, activation and owner login on both n8n lines (2.x and 1.x), the
 * burst workflow (Webhook → 25 items → Segura Create) and the burst itself, checked against the
 * sandbox. Redis and Postgres come from tooling/queue-services.js.
 */

const crypto = require('node:crypto');

const env = require('./n8n-env');
const { workflowBuilder, workflow, chain, createFromItems } = require('./workflows');

const BURST_PATH = 'queue-burst';
const BURST_WORKFLOW_ID = 'queue-burst-webhook';

const majorOf = (runtime) => Number(runtime.n8nVersion.split('.')[0]);

/**
 * The environment of every n8n process of the run (imports, main, workers): one user folder (where
 * the community package is installed), one encryption key, one Postgres, one Redis. Each process
 * that runs workflows gets its own task-runner broker port on top (see startWorker / main).
 */
function queueEnv(runtime, { userFolder, services, brokerPort }) {
	return env.n8nEnv(runtime, {
		userFolder,
		brokerPort,
		extra: { ...services.env, EXECUTIONS_MODE: 'queue', N8N_LOG_LEVEL: 'info' },
	});
}

/** Webhook (POST, answers with every item of the last node) → Code: `items` requests → Segura Create. */
function burstWorkflow(credential, { items = 25, id = BURST_WORKFLOW_ID, concurrency } = {}) {
	const { node, code, segura } = workflowBuilder('queue');
	const nodes = [
		node(
			'Burst Webhook',
			'n8n-nodes-base.webhook',
			2,
			{ httpMethod: 'POST', path: BURST_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			{ webhookId: crypto.randomUUID() },
		),
		code(
			'Requests',
			`const request = $input.first().json.body?.request ?? null;
return Array.from({ length: ${items} }, (_, item) => ({ json: { user: 'alice', device: '10.66.33.17', protocol: 'SSH', credential: 'usrsudonopass', request, item } }));`,
		),
		createFromItems(segura, 'Create Session', credential, concurrency),
	];
	return workflow(id, '[queue] Webhook burst → 25 Segura creates', nodes, chain(nodes));
}

/** Makes an imported workflow active before `n8n start`: 2.x publishes, 1.x sets active. */
async function activate(n8n, workflowId) {
	const args = majorOf(n8n.runtime) >= 2 ? ['publish:workflow', `--id=${workflowId}`] : ['update:workflow', `--id=${workflowId}`, '--active=true'];
	await n8n.cli(args);
	return `n8n ${args.join(' ')}`;
}

/**
 * `n8n worker` with the run's environment and its own broker port; resolves once it logs that it is
 * ready. `executions()` lists the execution ids it started, from its log ("Worker started execution
 * <id> (job <n>)", job-processor.js in 2.41 and 1.123).
 */
async function startWorker(n8n, { name, timeoutMs = 180_000 } = {}) {
	const brokerPort = await env.freePort();
	// n8n's default worker concurrency (10 jobs) is kept: a burst of 20 fills two workers.
	const child = env.spawnTracked(n8n.runtime.nodeBin, [n8n.runtime.n8nBin, 'worker'], {
		cwd: n8n.userFolder,
		env: { ...n8n.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
	const worker = {
		name,
		child,
		output: () => output,
		executions: () => [...output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
		finished: () => [...output.matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]),
		stop: () => env.stopChild(child, 30_000),
	};
	const deadline = Date.now() + timeoutMs;
	while (!/n8n worker is now ready/.test(output)) {
		if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
			await worker.stop();
			throw Object.assign(new Error(`${name} did not become ready (${child.exitCode ?? child.signalCode ?? 'timeout'})`), { output });
		}
		await env.delay(250);
	}
	return worker;
}

/**
 * The main process (`n8n start`) and a REST client signed in as the owner: 2.x creates the owner
 * from the environment, 1.x through its setup form (RestClient.signIn).
 */
async function startMain(n8n, { port, owner, timeoutMs = 240_000 }) {
	const extraEnv = majorOf(n8n.runtime) >= 2 ? env.ownerEnv(n8n.runtime, owner) : {};
	const server = await n8n.startServer({ port, timeoutMs, extraEnv });
	try {
		const client = new env.RestClient(server.url);
		await client.signIn(owner);
		return { server, client };
	} catch (error) {
		await server.stop();
		throw error;
	}
}

/**
 * Counts the sandbox's answers to creates by status (pass `onRequest` to startSandbox, then set
 * `sandbox`): a create refused with 401 (expired token) opens no session and is sent again after the
 * token refresh. Also the peak of requests in flight at the sandbox (arrivals minus answers), which
 * shows how far a burst's executions overlap.
 */
function createAnswerTally() {
	const counts = {};
	const tally = {
		sandbox: null,
		finished: 0,
		peak: 0,
		onRequest: ({ method, path: pathname, status }) => {
			if (tally.sandbox) tally.peak = Math.max(tally.peak, tally.sandbox.counters.requests - tally.finished);
			tally.finished += 1;
			if (method === 'POST' && /\/remote\/session$/.test(pathname)) counts[status] = (counts[status] ?? 0) + 1;
		},
		counts: () => ({ ...counts }),
	};
	return tally;
}

/** `{200: 500, 401: 4}` minus an earlier snapshot, as "200×500 401×4". */
function tallySince(now, before = {}) {
	return Object.entries(now)
		.map(([status, n]) => [status, n - (before[status] ?? 0)])
		.filter(([, n]) => n > 0)
		.map(([status, n]) => `${status}×${n}`)
		.join(' ');
}

/**
 * `requests` POSTs to the burst webhook at once. Returns the wall time, each answer (status, items)
 * and what the sandbox counted meanwhile: token requests, creates, and the session tokens it issued.
 */
async function fireBurst({ baseUrl, sandbox, tally, requests = 20, timeoutMs = 600_000 }) {
	if (tally) tally.peak = 0;
	const before = { ...sandbox.counters, answers: tally?.counts(), sessionTokens: sandbox.sessionTokens().length, sessionIds: new Set(sandbox.sessions().map((s) => s.id)) };
	const started = Date.now();
	const answers = await Promise.all(
		Array.from({ length: requests }, async (_, request) => {
			try {
				const response = await fetch(`${baseUrl}/webhook/${BURST_PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ request }),
					signal: AbortSignal.timeout(timeoutMs),
				});
				const text = await response.text();
				let items;
				try {
					items = JSON.parse(text);
				} catch {
					items = null;
				}
				return { request, status: response.status, items, text: items ? '' : text.slice(0, 300) };
			} catch (error) {
				return { request, status: 0, items: null, text: error.message };
			}
		}),
	);
	const wallMs = Date.now() - started;
	return {
		requests,
		wallMs,
		answers,
		tokenRequests: sandbox.counters.tokenRequests - before.tokenRequests,
		creates: sandbox.counters.creates - before.creates,
		createAttempts: sandbox.counters.createAttempts - before.createAttempts,
		createAnswers: tally ? tallySince(tally.counts(), before.answers) : null,
		peakInFlight: tally?.peak ?? null,
		issuedSessionTokens: sandbox.sessionTokens().slice(before.sessionTokens),
		newSessions: sandbox.sessions().filter((s) => !before.sessionIds.has(s.id)),
	};
}

/**
 * What must hold after a burst of `requests` × `items`: every request answered 200 with `items`
 * items, each a session of this sandbox (session_url on it, a session token it issued); no session
 * twice; as many sessions as creates counted and as items answered. Returns the problems found.
 */
function burstProblems(burst, { items, sandbox }) {
	const problems = [];
	const expected = burst.requests * items;
	for (const answer of burst.answers) {
		if (answer.status !== 200 || !Array.isArray(answer.items)) {
			problems.push(`request ${answer.request}: HTTP ${answer.status} ${answer.text}`);
		} else if (answer.items.length !== items) {
			problems.push(`request ${answer.request}: ${answer.items.length} items, expected ${items}`);
		}
	}
	const all = burst.answers.flatMap((a) => (Array.isArray(a.items) ? a.items : []));
	const bad = all.filter((item) => typeof item.session_url !== 'string' || !item.session_url.startsWith(`${sandbox.baseUrl}/`) || typeof item.token !== 'string');
	if (bad.length) problems.push(`${bad.length} items without a session_url on the sandbox or a session token (e.g. ${JSON.stringify(Object.keys(bad[0]))})`);
	const tokens = all.map((item) => item.token);
	const urls = all.map((item) => item.session_url);
	const duplicates = tokens.length - new Set(tokens).size + (urls.length - new Set(urls).size);
	if (duplicates) problems.push(`${duplicates} duplicate sessions among the answers`);
	const issued = new Set(burst.issuedSessionTokens);
	const foreign = tokens.filter((t) => !issued.has(t)).length;
	if (foreign) problems.push(`${foreign} answered sessions the sandbox did not issue in this burst`);
	const ids = burst.newSessions.map((s) => s.id);
	if (new Set(ids).size !== ids.length) problems.push('the sandbox holds duplicate session ids');
	// Create attempts may exceed creates: a POST refused with 401 (expired token) opened nothing and is
	// sent again after the refresh.
	for (const [what, value] of [['items answered', all.length], ['sandbox creates', burst.creates], ['new sandbox sessions', ids.length], ['session tokens issued', issued.size]]) {
		if (value !== expected) problems.push(`${what}: ${value}, expected ${expected}`);
	}
	return { problems, items: all.length, duplicates };
}

module.exports = {
	BURST_PATH,
	BURST_WORKFLOW_ID,
	majorOf,
	queueEnv,
	burstWorkflow,
	activate,
	startWorker,
	startMain,
	createAnswerTally,
	fireBurst,
	burstProblems,
};
