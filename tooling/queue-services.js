'use strict';

/**
 * A real Redis and a real Postgres for one queue-mode run (e2e/queue.js, bench/queue.js): free
 * ports on 127.0.0.1, data in a temp folder, both stopped and the folder removed by stop(), on
 * process exit, and by the caller's SIGINT/SIGTERM handler (stopOnSignals → stop()).
 *
 *   const services = await startQueueServices({ say });
 *   services.env   // QUEUE_BULL_REDIS_* and DB_POSTGRESDB_* for every n8n process
 *   await services.stop();
 *
 * Redis runs in the foreground as a tracked child (env.spawnTracked, so env.stopAllChildren stops it
 * too). Postgres cannot run as root: it runs as the `postgres` system user through `runuser`,
 * started with `pg_ctl -w start` (it daemonises, so it is stopped with `pg_ctl stop`, and
 * synchronously on exit as a last resort).
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const env = require('./n8n-env');

// --- finding or installing the binaries ---------------------------------------------------------

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || null;

/** apt-get as root, non-interactive, its output passed to `say` (it is never secret). */
function aptGet(args, say) {
	say(`  $ apt-get ${args.join(' ')}`);
	const result = spawnSync('apt-get', args, {
		encoding: 'utf8',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		maxBuffer: 64 * 1024 * 1024,
	});
	const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-4);
	for (const line of tail) say(`    ${line}`);
	if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status ?? result.error?.message})`);
}

const pids = (name) => new Set(spawnSync('pgrep', ['-x', name], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean));

/**
 * Installs a Debian package that may ship a system service; a service the install started (no
 * policy-rc.d in the way) is stopped and disabled, so only our own instances run.
 */
function installDebian(pkg, daemon, service, say) {
	if (process.getuid?.() !== 0) throw new Error(`${pkg} is missing; install it (apt-get install -y ${pkg}) or run as root`);
	const before = pids(daemon);
	say(`  ${pkg} is not installed: installing it from Debian`);
	aptGet(['update'], say);
	aptGet(['install', '-y', '--no-install-recommends', pkg], say);
	const started = [...pids(daemon)].filter((pid) => !before.has(pid));
	if (started.length) {
		say(`  the install started the ${service} service (pid ${started.join(', ')}): stopping and disabling it`);
		spawnSync('service', [service, 'stop'], { stdio: 'ignore' });
		spawnSync('update-rc.d', [service, 'disable'], { stdio: 'ignore' });
		spawnSync('systemctl', ['disable', '--now', service], { stdio: 'ignore' });
		for (const pid of started) {
			try {
				process.kill(Number(pid), 'SIGTERM');
			} catch {
				// Stopped by the service command.
			}
		}
	}
}

function redisBinary(say) {
	if (!onPath('redis-server')) installDebian('redis-server', 'redis-server', 'redis-server', say);
	const bin = onPath('redis-server');
	if (!bin) throw new Error('redis-server is still not on PATH after apt-get install redis-server');
	return bin;
}

/** pg_ctl/initdb on PATH, else the newest /usr/lib/postgresql/<n>/bin, else Debian's postgresql. */
function postgresBinDir(say) {
	const find = () => {
		const pgCtl = onPath('pg_ctl');
		if (pgCtl && onPath('initdb')) return path.dirname(fs.realpathSync(pgCtl));
		const root = '/usr/lib/postgresql';
		const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
		const dir = versions.map((v) => path.join(root, v, 'bin')).find((d) => fs.existsSync(path.join(d, 'pg_ctl')));
		return dir ?? null;
	};
	let dir = find();
	if (!dir) {
		installDebian('postgresql', 'postgres', 'postgresql', say);
		dir = find();
	}
	if (!dir) throw new Error('no pg_ctl/initdb found, even after apt-get install postgresql');
	return dir;
}

// --- Redis ----------------------------------------------------------------------------------------

async function startRedis({ dir, say }) {
	const bin = redisBinary(say);
	const port = await env.freePort();
	const child = env.spawnTracked(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
	const deadline = Date.now() + 30_000;
	while (!/Ready to accept connections/.test(output)) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await env.stopChild(child, 2_000);
			throw Object.assign(new Error(`redis-server did not start on port ${port}`), { output });
		}
		await env.delay(100);
	}
	const version = /version=([\d.]+)/.exec(output)?.[1] ?? '?';
	return { host: '127.0.0.1', port, version, stop: () => env.stopChild(child, 5_000) };
}

// --- Postgres -------------------------------------------------------------------------------------

/** The `postgres` system user, created if missing (Postgres refuses to run as root). */
function ensurePostgresUser(say) {
	if (spawnSync('id', ['-u', 'postgres']).status === 0) return;
	say('  creating the system user "postgres"');
	const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
	if (made.status !== 0) throw new Error(`useradd postgres failed: ${made.stderr}`);
}

const asPostgres = (args, options = {}) => spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', ...options });

async function startPostgres({ dir, say }) {
	const binDir = postgresBinDir(say);
	ensurePostgresUser(say);
	const bin = (name) => path.join(binDir, name);
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	const logFile = path.join(dir, 'postgres.log');
	fs.mkdirSync(socketDir);
	// The temp folders are root's (0700): postgres may pass through the parent and owns its own.
	fs.chmodSync(path.dirname(dir), 0o711);
	spawnSync('chown', ['-R', 'postgres:', dir]);

	const init = asPostgres([bin('initdb'), '-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale'], { timeout: 120_000 });
	if (init.status !== 0) throw Object.assign(new Error('initdb failed'), { output: `${init.stdout}\n${init.stderr}` });

	const port = await env.freePort();
	const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1`;
	let running = false;
	const stopSync = (mode) => {
		if (!running) return;
		running = false;
		asPostgres([bin('pg_ctl'), '-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop'], { timeout: 40_000 });
	};

	const start = asPostgres([bin('pg_ctl'), '-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '120', 'start'], { timeout: 150_000 });
	running = true;
	if (start.status !== 0) {
		stopSync('immediate');
		throw Object.assign(new Error(`pg_ctl start failed on port ${port}`), { output: readTail(logFile) });
	}
	const created = asPostgres([bin('createdb'), '-h', socketDir, '-p', String(port), '-U', 'postgres', 'n8n']);
	if (created.status !== 0) {
		stopSync('immediate');
		throw Object.assign(new Error('createdb n8n failed'), { output: created.stderr });
	}
	const version = asPostgres([bin('postgres'), '--version']).stdout.trim();
	return {
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'postgres',
		version,
		// Fast shutdown: n8n's connections are dropped (n8n is stopped before us anyway).
		stop: async () => stopSync('fast'),
		stopSync,
	};
}

function readTail(file) {
	try {
		return fs.readFileSync(file, 'utf8').slice(-3000);
	} catch {
		return '';
	}
}

// --- both -----------------------------------------------------------------------------------------

/**
 * Starts Redis and Postgres (one temp folder for both). `stop()` stops them and removes the folder;
 * it may be called more than once.
 */
async function startQueueServices({ say = () => {} } = {}) {
	const dir = env.makeTempDir('n8n-queue-services-');
	let redis;
	let postgres;
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		await Promise.all([redis?.stop(), postgres?.stop()]);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	// Last resort should the caller not get to stop() (an exception, process.exit elsewhere):
	// Postgres first, while its data folder (pid file) still exists, then the folder.
	process.once('exit', () => {
		postgres?.stopSync('immediate');
		fs.rmSync(dir, { recursive: true, force: true });
	});
	try {
		fs.mkdirSync(path.join(dir, 'redis'));
		fs.mkdirSync(path.join(dir, 'postgres'));
		// Each is known as soon as it runs (for stop() and the exit handler), even if the other fails.
		const started = await Promise.allSettled([
			startRedis({ dir: path.join(dir, 'redis'), say }).then((value) => (redis = value)),
			startPostgres({ dir: path.join(dir, 'postgres'), say }).then((value) => (postgres = value)),
		]);
		const failed = started.find((s) => s.status === 'rejected');
		if (failed) throw failed.reason;
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		redis,
		postgres,
		dir,
		/** What every n8n process of the run needs to reach both. */
		env: {
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
		},
		stop,
	};
}

module.exports = { startQueueServices, startRedis, startPostgres };
