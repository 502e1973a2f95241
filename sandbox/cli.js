#!/usr/bin/env node
'use strict';

/**
 * `npm run sandbox` — starts the Segura sandbox and prints what to put in the n8n credential.
 * The client secret is printed once, in that block, because the user has to copy it; tokens never are.
 */

const { parseArgs } = require('node:util');
const { startSandbox, SEED, PROFILES, DEFAULT_PROFILE } = require('./server');
const { SYNTHETIC_USERS } = require('./synthetic');

const USAGE = `Usage: npm run sandbox -- [options]

  --port N                 port to listen on (default 8443; 0 = any free port)
  --host ADDRESS           address to bind (default 127.0.0.1; 0.0.0.0 to reach it from Docker)
  --https                  serve HTTPS with a fresh self-signed certificate
  --base-path PATH         serve the API under a sub-path, e.g. /segura (reverse-proxy setups)
  --token-lifetime SECONDS access token lifetime (default 3600)
  --latency MS             delay before every token/API answer (default 0)
  --client-id ID           OAuth2 client id (default n8n-sandbox-client)
  --client-secret SECRET   OAuth2 client secret (default n8n-sandbox-secret)
  --profile NAME           which vendor pages to reproduce: consolidated (default), 3.25, 3.32, 4, current
  --legacy                 consolidated profile as an older appliance (credential required, Portuguese keys)
  --timezone-offset MIN    appliance local time = UTC + MIN minutes (default 0)
  --synthetic-sessions N   also hold N generated sessions (appliance-size lists, e.g. 300000)
  --synthetic-devices N    also list N generated devices, 1-2 credentials each (e.g. 100000)
  --no-device-access       the A2A authorization lacks "Credentials and Devices": device and
                           credential reads answer 500 "You are not authorized…" (sessions work)
  --quiet                  do not log requests
  --help                   show this help`;

const OPTIONS = {
	port: { type: 'string', default: '8443' },
	host: { type: 'string', default: '127.0.0.1' },
	https: { type: 'boolean', default: false },
	'base-path': { type: 'string', default: '' },
	'token-lifetime': { type: 'string', default: '3600' },
	latency: { type: 'string', default: '0' },
	'client-id': { type: 'string', default: 'n8n-sandbox-client' },
	'client-secret': { type: 'string', default: 'n8n-sandbox-secret' },
	legacy: { type: 'boolean', default: false },
	profile: { type: 'string', default: DEFAULT_PROFILE },
	'timezone-offset': { type: 'string', default: '0' },
	'synthetic-sessions': { type: 'string', default: '0' },
	'synthetic-devices': { type: 'string', default: '0' },
	'no-device-access': { type: 'boolean', default: false },
	quiet: { type: 'boolean', default: false },
	help: { type: 'boolean', default: false },
};

/** Lets `--timezone-offset -180` work: parseArgs only accepts a leading dash in `--opt=-180` form. */
function joinNegativeValues(argv) {
	const out = [];
	for (let i = 0; i < argv.length; i++) {
		const name = argv[i].startsWith('--') ? argv[i].slice(2) : null;
		if (name && OPTIONS[name]?.type === 'string' && /^-[0-9]/.test(argv[i + 1] ?? '')) {
			out.push(`${argv[i]}=${argv[i + 1]}`);
			i++;
		} else {
			out.push(argv[i]);
		}
	}
	return out;
}

function integer(value, flag, min) {
	if (!/^-?[0-9]+$/.test(value) || Number(value) < min) throw new Error(`${flag} must be an integer ≥ ${min} (got "${value}").`);
	return Number(value);
}

/** CLI flags → startSandbox options; throws with a message fit for the user on bad input. */
function toOptions(values) {
	return {
		port: integer(values.port, '--port', 0),
		host: values.host,
		https: values.https,
		basePath: values['base-path'],
		tokenLifetimeSeconds: integer(values['token-lifetime'], '--token-lifetime', 0),
		latencyMs: integer(values.latency, '--latency', 0),
		clientId: values['client-id'],
		clientSecret: values['client-secret'],
		legacy: values.legacy,
		profile: values.profile,
		timezoneOffsetMinutes: integer(values['timezone-offset'], '--timezone-offset', -840),
		syntheticSessions: integer(values['synthetic-sessions'], '--synthetic-sessions', 0),
		syntheticDevices: integer(values['synthetic-devices'], '--synthetic-devices', 0),
		deviceAccess: !values['no-device-access'],
		onRequest: values.quiet ? undefined : logRequest,
	};
}

/** Method, path (no query string: it could carry anything) and status only. */
function logRequest({ method, path, status, fault, durationMs }) {
	const outcome = status === null ? 'no answer' : String(status);
	const note = fault ? `  [fault: ${fault}]` : '';
	console.log(`  ${new Date().toISOString().slice(11, 19)}  ${method} ${path} → ${outcome} (${durationMs} ms)${note}`);
}

/** The credential lines that depend on the profile: which paths it serves, which client authentication. */
function profileLines(name) {
	if (name === DEFAULT_PROFILE) return ['    API Paths       either: A2A (/iso/...) and PAM Core (/api/pam/...) are both served'];
	const profile = PROFILES[name];
	const served = Object.entries(profile.paths).map(([route, paths]) => `${route} ${paths.join(' ')}`);
	const lines = [`    API Paths       Auto (${profile.version} serves ${served.join(', ')})`];
	if (!profile.clientAuthentication.includes('body')) lines.push('    Client Authentication  Send as Basic Auth Header (this profile refuses credentials in the body)');
	return lines;
}

function banner(sandbox, options) {
	const devices = SEED.devices.map((d) => `${d.ip} (${d.hostname})`).join(', ');
	const mode = options.profile !== DEFAULT_PROFILE ? ` as ${PROFILES[options.profile].version} (profile ${options.profile})` : options.legacy ? ' in legacy mode' : '';
	const lines = [
		'',
		`Segura sandbox running${options.https ? ' over HTTPS (self-signed certificate)' : ''}${mode}.`,
		'',
		'  n8n credential "Segura OAuth2 API":',
		`    Base URL        ${sandbox.baseUrl}`,
		`    Client ID       ${sandbox.clientId}`,
		`    Client Secret   ${sandbox.clientSecret}`,
		...profileLines(options.profile),
	];
	if (options.https) lines.push('    Ignore SSL Issues  on (the certificate is self-signed and made fresh at each start)');
	lines.push(
		'',
		`  Control API     ${sandbox.controlUrl}/state  (also: POST faults, latency, token-lifetime, expire-tokens, synthetic-sessions, synthetic-devices, device-access, profile, reset; GET tokens, profiles)`,
		`  Seeded users    ${SEED.users.join(', ')}`,
		`  Seeded devices  ${devices}`,
		...(options.syntheticSessions ? [`  Synthetic       ${options.syntheticSessions} more sessions (users ${SYNTHETIC_USERS.slice(0, 4).join(', ')}…, devices 10.67.x.y)`] : []),
		...(options.syntheticDevices ? [`  Synthetic       ${options.syntheticDevices} more devices listed (srv-000001…, 10.68.x.y; not usable for create)`] : []),
		...(options.deviceAccess ? [] : ['  Device access   refused: device and credential reads answer 500 "You are not authorized to access this resource."']),
		'',
		'  Ctrl+C to stop.',
		'',
	);
	return lines.join('\n');
}

async function main() {
	let values;
	try {
		({ values } = parseArgs({ args: joinNegativeValues(process.argv.slice(2)), options: OPTIONS, strict: true }));
	} catch (error) {
		console.error(`${error.message}\n\n${USAGE}`);
		return 2;
	}
	if (values.help) {
		console.log(USAGE);
		return 0;
	}
	let options;
	let sandbox;
	try {
		options = toOptions(values);
		sandbox = await startSandbox(options);
	} catch (error) {
		const hint = error.code === 'EADDRINUSE' ? ` Port ${values.port} is taken: try --port 0 or another port.` : '';
		console.error(`Could not start the sandbox: ${error.message.replace(/\.$/, '')}.${hint}`);
		return 1;
	}
	console.log(banner(sandbox, options));
	stopOnSignals(sandbox);
	return undefined;
}

/** First signal closes cleanly; a second one exits at once. */
function stopOnSignals(sandbox) {
	let stopping = false;
	const stop = (signal) => {
		if (stopping) process.exit(130);
		stopping = true;
		console.log(`\n${signal}: stopping the sandbox.`);
		sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().then((code) => {
	if (code !== undefined) process.exitCode = code;
});
