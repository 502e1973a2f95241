'use strict';

/**
 * What `npm run test:e2e` (e2e/run.js) and `npm start` (scripts/start.js) share: a real n8n 2.x
 * provisioned outside the repository, this package built, packed and installed into an n8n user
 * folder as a community package, the n8n CLI and server run with Node 24, and a small REST client.
 *
 * Plain CommonJS for the machine's Node 20: n8n itself needs Node 24, so every n8n process is
 * spawned with the Node 24 binary that scripts/provision-n8n.sh installs next to n8n.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const PACKAGE = require(path.join(REPO_ROOT, 'package.json'));
const PROVISION_SCRIPT = path.join(REPO_ROOT, 'scripts', 'provision-n8n.sh');
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/**
 * A fixed key, so that credentials imported by one n8n command can be read by the next, and a
 * persistent user folder keeps working across starts. These instances only ever hold sandbox
 * credentials; a real instance must have its own key.
 */
const ENCRYPTION_KEY = 'n8n-nodes-segura-local-only-key';

/** The credential the examples reference (by id and name). */
const EXAMPLE_CREDENTIAL = { id: 'segura-sandbox', name: 'Segura sandbox' };

/** n8n checks a `browser-id` header against the one the session cookie was issued for. */
const BROWSER_ID = 'n8n-nodes-segura-scripts';

// --- child processes ------------------------------------------------------------------------------

/**
 * Every child we spawn, so that no n8n (nor the task runner it starts) outlives us. Children get
 * their own process group (detached) and are ended by group: `n8n execute` and `n8n start` spawn a
 * task runner of their own that must go too. A Ctrl-C in a terminal then reaches only us, and we
 * decide how n8n stops.
 */
const children = new Set();

process.on('exit', () => {
	for (const child of children) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

/** Spawns a command in its own process group and remembers it until it exits. */
function spawnTracked(command, args, options) {
	const child = spawn(command, args, { ...options, detached: true });
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

/**
 * Runs a command to completion and collects its output. Rejects only when it cannot be started or
 * runs past the timeout; a non-zero exit is the caller's to judge.
 */
function run(command, args, { cwd = REPO_ROOT, env = process.env, timeoutMs = 10 * 60_000, onStderr } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawnTracked(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => {
			stderr += chunk;
			if (onStderr) onStderr(chunk);
		});
		const timer = setTimeout(() => {
			killGroup(child, 'SIGKILL');
			reject(new Error(`${path.basename(command)} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s`));
		}, timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/** Asks a child to stop (SIGTERM to its group), then forces it after `graceMs`. */
function stopChild(child, graceMs = 15_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const force = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(force);
			// The task runner may linger a moment after n8n: end whatever is left of the group.
			killGroup(child, 'SIGKILL');
			resolve();
		});
		killGroup(child, 'SIGTERM');
	});
}

/** Ends every child still running (for error paths; normal paths stop their children themselves). */
async function stopAllChildren() {
	await Promise.all([...children].map((child) => stopChild(child, 5_000)));
}

// --- provisioning, build, install -----------------------------------------------------------------

/**
 * Makes sure the pinned n8n and Node 24 are in the cache (a no-op when they are; about 8 min and
 * 3 GB the first time) and returns where they are.
 * @param {(line: string) => void} [onProgress] receives the provisioning log, line by line
 */
async function provisionN8n(onProgress) {
	let pending = '';
	const result = await run('bash', [PROVISION_SCRIPT], {
		timeoutMs: 60 * 60_000,
		onStderr: (chunk) => {
			if (!onProgress) return;
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop();
			for (const line of lines) if (line.trim()) onProgress(line);
		},
	});
	if (result.code !== 0) {
		throw new Error(`scripts/provision-n8n.sh failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
	}
	const root = result.stdout.trim().split('\n').pop().trim();
	return runtimeAt(root);
}

/** Paths inside a provisioned root (`<cache>/n8n-<version>`), as scripts/provision-n8n.sh lays them out. */
function runtimeAt(root) {
	const cacheDir = path.dirname(root);
	const runtime = {
		root,
		cacheDir,
		appDir: path.join(root, 'app'),
		n8nBin: path.join(root, 'app', 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: path.join(root, 'bin', 'node'),
	};
	runtime.n8nVersion = JSON.parse(
		fs.readFileSync(path.join(runtime.appDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
	for (const file of [runtime.n8nBin, runtime.nodeBin]) {
		if (!fs.existsSync(file)) throw new Error(`Provisioned n8n is incomplete: ${file} is missing`);
	}
	return runtime;
}

/** `npm pack` into `destDir` (its `prepack` builds dist/); returns the tarball's path. */
async function buildAndPack(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const pack = await run('npm', ['pack', '--json', '--pack-destination', destDir], { timeoutMs: 5 * 60_000 });
	if (pack.code !== 0) throw new Error(`npm pack failed:\n${(pack.stdout + pack.stderr).slice(-4000)}`);
	// The build's own output comes first; npm's JSON report is the array that opens on a line of its own.
	const [{ filename }] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[$/m)));
	return path.join(destDir, filename);
}

/**
 * Installs the packed tarball the way n8n installs a community package: extracted into
 * `<userFolder>/.n8n/nodes/node_modules/<name>`, listed in `.n8n/nodes/package.json` (other
 * packages already listed there are kept). Any earlier copy is replaced.
 */
async function installPackage(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	// npm tarballs hold everything under "package/".
	const untar = await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	if (untar.code !== 0) throw new Error(`Could not extract ${tarball}: ${untar.stderr}`);
	const installed = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));

	const manifestPath = path.join(nodesDir, 'package.json');
	const manifest = fs.existsSync(manifestPath)
		? JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true };
	manifest.dependencies = { ...manifest.dependencies, [installed.name]: installed.version };
	fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
	return { name: installed.name, version: installed.version, dir: target };
}

// --- n8n environment and CLI ----------------------------------------------------------------------

/**
 * Environment for every n8n process of one user folder. Inherited N8N_*, DB_*, GENERIC_TIMEZONE and
 * NODE_OPTIONS are dropped so that a developer's own n8n settings (another database, say) cannot
 * leak in; callers pass what they mean to set in `extra`.
 */
function n8nEnv(runtime, { userFolder, brokerPort, extra = {} }) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^(N8N_|DB_|GENERIC_TIMEZONE$|NODE_OPTIONS$)/.test(key)) env[key] = value;
	}
	return {
		...env,
		// n8n's task runner is a child of n8n started with the `node` on PATH: make that Node 24.
		PATH: `${path.dirname(runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_SQLITE_POOL_SIZE: '3',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// The sandbox reports start and end times in UTC (its default offset); the node reads them in
		// the workflow's time zone, so n8n must be in UTC too for "last 24 hours" to mean that.
		GENERIC_TIMEZONE: 'UTC',
		// Code nodes run in n8n's internal JavaScript task runner; its broker port must not clash with
		// another n8n on this machine (5679 by default).
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort ?? 5679),
		...extra,
	};
}

/**
 * One n8n user folder and the commands run against it. `execute` and the imports each start a
 * fresh n8n process (about 4.5 s each); the first command also runs the database migrations.
 */
class N8n {
	constructor(runtime, env) {
		this.runtime = runtime;
		this.env = env;
		this.userFolder = env.N8N_USER_FOLDER;
	}

	/** Runs `n8n <args>` to completion with Node 24; throws with the output on a non-zero exit. */
	async cli(args, { timeoutMs = 5 * 60_000 } = {}) {
		const result = await run(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env,
			timeoutMs,
		});
		if (result.code !== 0) {
			const error = new Error(`n8n ${args[0]} exited with ${result.code ?? result.signal}`);
			error.output = `${result.stdout}\n${result.stderr}`;
			throw error;
		}
		return result;
	}

	/** `n8n import:credentials`: n8n encrypts the plain `data` of each `{id, name, type, data}`. */
	async importCredentials(credentials) {
		await this.#importFrom('import:credentials', credentials);
	}

	/** `n8n import:workflow` of several workflows in one process (each needs an `id`). */
	async importWorkflows(workflows) {
		await this.#importFrom('import:workflow', workflows);
	}

	/** The import file holds plain secrets: it lives in the user folder only while n8n reads it. */
	async #importFrom(command, value) {
		const dir = path.join(this.userFolder, 'imports');
		fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
		const file = path.join(dir, `${command.replace(':', '-')}-${process.pid}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
		try {
			await this.cli([command, `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * `n8n execute --id <id> --rawOutput` and the run it printed (`{ data: { resultData } }`).
	 * n8n logs a few lines before the JSON; a failed run is logged as JSON too (with resultData.error),
	 * and is returned rather than thrown so the caller can tell which nodes ran.
	 */
	async execute(workflowId, { timeoutMs = 5 * 60_000 } = {}) {
		const result = await run(this.runtime.nodeBin, [this.runtime.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: this.userFolder,
			env: this.env,
			timeoutMs,
		});
		const execution = parseJsonAfterLogs(result.stdout);
		if (!execution) {
			const error = new Error(`n8n execute --id=${workflowId} printed no execution (exit ${result.code})`);
			error.output = `${result.stdout}\n${result.stderr}`;
			throw error;
		}
		return { execution, exitCode: result.code, output: `${result.stdout}\n${result.stderr}` };
	}

	/**
	 * `n8n start` in the background; resolves once /healthz/readiness answers 200.
	 * Returns `{ url, child, stop(), output() }`.
	 */
	async startServer({ port, listenAddress = '127.0.0.1', extraEnv = {}, timeoutMs = 120_000, onOutput } = {}) {
		const env = { ...this.env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: listenAddress, ...extraEnv };
		const child = spawnTracked(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		const collect = (chunk) => {
			output += chunk;
			if (onOutput) onOutput(chunk);
		};
		child.stdout.setEncoding('utf8').on('data', collect);
		child.stderr.setEncoding('utf8').on('data', collect);
		const host = listenAddress === '0.0.0.0' ? '127.0.0.1' : listenAddress;
		const url = `http://${host === '::' ? 'localhost' : host}:${port}`;
		const server = { url, child, stop: () => stopChild(child, 20_000), output: () => output };
		try {
			await waitForReady(`${url}/healthz/readiness`, child, timeoutMs);
		} catch (error) {
			await server.stop();
			error.output = output;
			throw error;
		}
		return server;
	}
}

/**
 * The JSON document n8n printed after its log lines: the first line that is exactly "{" starts it
 * (JSON.stringify(…, null, 2) puts the opening brace alone on a line; log lines never are just "{").
 */
function parseJsonAfterLogs(stdout) {
	const lines = stdout.split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i].trim() !== '{') continue;
		const candidate = lines.slice(i).join('\n');
		// Trailing log lines may follow the document: cut at the last closing brace that parses.
		for (let end = candidate.lastIndexOf('}'); end > 0; end = candidate.lastIndexOf('}', end - 1)) {
			try {
				return JSON.parse(candidate.slice(0, end + 1));
			} catch {
				// Try a shorter slice.
			}
		}
	}
	return undefined;
}

async function waitForReady(url, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n start exited early (${child.exitCode ?? child.signalCode})`);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await delay(250);
	}
	throw new Error(`n8n did not become ready at ${url} within ${timeoutMs / 1000} s`);
}

// --- owner account and REST -----------------------------------------------------------------------

/**
 * Environment that makes `n8n start` create (or update) the owner account itself, so nobody has to
 * fill in the setup form: N8N_INSTANCE_OWNER_MANAGED_BY_ENV with an email and a bcrypt hash of the
 * password (n8n 2.x, instance-settings-loader). The hash is made with the bcryptjs n8n ships.
 */
function ownerEnv(runtime, { email, password, firstName = 'Segura', lastName = 'Sandbox' }) {
	const bcrypt = require(path.join(runtime.appDir, 'node_modules', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
}

/** Just enough of the REST API the editor uses: log in, then JSON requests with the auth cookie. */
class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
	}

	async login(email, password) {
		const response = await this.#request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (!setCookie) throw new Error('n8n answered the login without an n8n-auth cookie');
		this.cookie = setCookie.split(';')[0];
		return (await response.json()).data;
	}

	async get(pathname) {
		return this.#json('GET', pathname);
	}

	async post(pathname, body) {
		return this.#json('POST', pathname, body);
	}

	/** REST answers wrap their payload in `data`; static files such as /types/nodes.json do not. */
	async #json(method, pathname, body) {
		const response = await this.#request(method, pathname, body);
		const payload = await response.json();
		return pathname.startsWith('/rest/') && payload && 'data' in payload ? payload.data : payload;
	}

	async #request(method, pathname, body) {
		const response = await fetch(`${this.baseUrl}${pathname}`, {
			method,
			headers: {
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(60_000),
		});
		if (!response.ok) {
			const text = await response.text().catch(() => '');
			throw new Error(`${method} ${pathname} answered ${response.status}: ${text.slice(0, 500)}`);
		}
		return response;
	}
}

/**
 * Runs a workflow the way the editor's "Execute workflow" button does (POST /rest/workflows/:id/run
 * from its trigger) and waits for the execution; returns `{ status, data }` with the run data
 * (`data.resultData.runData`). Executions are stored in n8n's "flatted" format.
 */
async function runWorkflowViaRest(runtime, client, workflowId, { timeoutMs = 60_000 } = {}) {
	const workflow = await client.get(`/rest/workflows/${workflowId}`);
	const trigger = workflow.nodes.find((node) => /trigger/i.test(node.type) && !node.disabled);
	if (!trigger) throw new Error(`Workflow ${workflowId} has no trigger to start from`);
	const started = await client.post(`/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger.name } });
	if (!started.executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(started)}`);

	const flatted = require(path.join(runtime.appDir, 'node_modules', 'flatted'));
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const execution = await client.get(`/rest/executions/${started.executionId}`);
		if (execution && !['new', 'running', 'waiting'].includes(execution.status)) {
			return { executionId: started.executionId, status: execution.status, data: flatted.parse(execution.data) };
		}
		await delay(250);
	}
	throw new Error(`Execution ${started.executionId} of ${workflowId} did not finish within ${timeoutMs / 1000} s`);
}

// --- Segura specifics shared by both scripts -----------------------------------------------------

/**
 * A credential of type seguraOAuth2Api for `n8n import:credentials`. Only the fields a user fills in
 * are given: n8n adds the hidden ones (grant type, token URL expression…) from the credential type,
 * exactly as for a credential made in the editor.
 */
function seguraCredential({ id, name, sandbox, apiPaths = 'a2a', ignoreSSLIssues = false, authentication = 'body' }) {
	return {
		id,
		name,
		type: 'seguraOAuth2Api',
		data: {
			baseUrl: sandbox.baseUrl,
			// null: the field left as a new credential has it, so n8n applies its default (Auto).
			...(apiPaths === null ? {} : { apiPaths }),
			clientId: sandbox.clientId,
			clientSecret: sandbox.clientSecret,
			authentication,
			ignoreSSLIssues,
		},
	};
}

/** The example workflows (examples/*.json), by file name. */
function readExamples() {
	const examples = {};
	for (const file of fs.readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json')).sort()) {
		examples[file] = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	}
	return examples;
}

// --- small helpers --------------------------------------------------------------------------------

function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `port` can be bound on `host` right now. */
function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/** A port the OS says is free (it could be taken again before use: good enough on a dev machine). */
function freePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** `preferred` when free, else any free port. */
async function preferredPort(preferred, host = '127.0.0.1') {
	return (await portIsFree(preferred, host)) ? preferred : freePort(host);
}

function makeTempDir(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

module.exports = {
	REPO_ROOT,
	PACKAGE,
	EXAMPLES_DIR,
	EXAMPLE_CREDENTIAL,
	provisionN8n,
	buildAndPack,
	installPackage,
	n8nEnv,
	N8n,
	ownerEnv,
	RestClient,
	runWorkflowViaRest,
	seguraCredential,
	readExamples,
	parseJsonAfterLogs,
	stopChild,
	stopAllChildren,
	delay,
	freePort,
	portIsFree,
	preferredPort,
	makeTempDir,
};
