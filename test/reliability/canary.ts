/**
 * The secret canary's rig, shared by its test files: a distinctive client secret, the real node in
 * n8n-core's engine against two sandboxes (HTTP and HTTPS), everything n8n and the node log
 * captured, and the search (scan.ts) for the client secret, every access token, session token and
 * session URL `_sr=` value the sandboxes handed out, in all that a user or an operator can see.
 */
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { RunResult } from '../harness/engine';
import { dump, safeJson, startCapture } from './capture';
import { printSummary } from './report';
import { errorPlaces, findLeaks, itemPlaces, redactAllowed, type Needle, type Place } from './scan';
import { ACTIVE_SESSION_ID, CREDENTIAL_ID, inputItems, startRig, type Rig } from './support';

// Installed before any node runs, so n8n-core's Logger and ErrorReporter are built around it.
export const capture = startCapture();

export const CLIENT_SECRET = `canary-secret-${randomBytes(12).toString('hex')}`;
export const WRONG_SECRET = `canary-wrong-secret-${randomBytes(12).toString('hex')}`;
export const BOGUS_TOKEN = `canary-bogus-token-${randomBytes(12).toString('hex')}`;
export const TIMEOUT_MS = 300;

/** The two rigs, set in beforeAll (see useCanary). */
export const rigs = {} as { http: Rig; https: Rig };

/** Everything that must never be shown. Read after each run: tokens are issued as runs go. */
function needles(): Needle[] {
	const list = [
		{ what: 'client secret', value: CLIENT_SECRET },
		{ what: 'wrong client secret', value: WRONG_SECRET },
		{ what: 'injected access token', value: BOGUS_TOKEN },
	];
	for (const rig of [rigs.http, rigs.https]) {
		for (const secret of [CLIENT_SECRET, WRONG_SECRET]) {
			// What a Basic client-authentication header carries.
			list.push({ what: 'Basic client credentials', value: Buffer.from(`${rig.sandbox.clientId}:${secret}`).toString('base64') });
		}
		list.push(...rig.sandbox.issuedTokens().map((value) => ({ what: 'access token', value })));
		list.push(...rig.sandbox.sessionTokens().map((value) => ({ what: 'session token', value })));
		// Checked-out passwords and private keys (a key's base64 body alone: its multi-line whole is
		// never printed as one line).
		for (const secret of rig.sandbox.credentialSecrets()) {
			const body = secret.split('\n')[1];
			list.push(body ? { what: 'private key body', value: body } : { what: 'checked-out password', value: secret });
		}
		// A session URL's `_sr=` value is a bearer secret: whoever has it opens the session.
		for (const url of rig.sandbox.sessionUrls()) {
			const sr = new URL(url).searchParams.get('_sr') ?? url;
			// Its first 8 characters too: a cut-off echo (a value shown up to N characters) leaks a part.
			list.push({ what: 'session URL _sr value', value: sr }, { what: 'start of a session URL _sr value', value: sr.slice(0, 8) });
		}
	}
	return list;
}

export interface Observation {
	runs: RunResult[];
	credentialTests?: INodeCredentialTestResult[];
	/** What the editor's pickers answered: their entries, or their error. */
	pickers?: Array<{ results?: unknown; error?: Error }>;
	/** What Create output in this scenario: allowed only as an item's `json.session_url` / `json.token`. */
	allowed?: string[];
}

/** Check Out's output: its passwords and contents (allowed only as an item's `json.password` / `json.content`). */
export const checkOutOutput = (result: RunResult): string[] =>
	result.items.flatMap((item) => [item.json.password, item.json.content]).filter((v): v is string => typeof v === 'string' && v !== '');

/** Create's output: its session URLs, and its tokens when Include Session Token is on. */
export const createOutput = (result: RunResult, withToken: boolean): string[] =>
	result.items.flatMap((item) => [item.json.session_url, withToken ? item.json.token : undefined]).filter((v): v is string => typeof v === 'string');

function placesOf(label: string, observation: Observation, logLines: string[]): Place[] {
	const places: Place[] = [];
	const allowed = new Set(observation.allowed ?? []);
	observation.runs.forEach((result, r) => {
		const at = `${label} run ${r}`;
		if (result.error) places.push(...errorPlaces(`${at} error`, result.error));
		result.items.forEach((item, i) => {
			places.push({ where: `${at} item ${i} json`, text: redactAllowed(JSON.stringify(item.json), allowed) });
			places.push({ where: `${at} item ${i} inspected`, text: redactAllowed(dump(item), allowed) });
			if (item.error) places.push(...errorPlaces(`${at} item ${i} error`, item.error));
		});
		places.push({ where: `${at} run data`, text: redactAllowed(safeJson(result.runData), allowed) });
		places.push({ where: `${at} run (IRun) inspected`, text: redactAllowed(dump(result.run), allowed) });
		// Every string of the run, non-enumerable ones included; allowed values only as item json keys.
		places.push(...itemPlaces(`${at} output`, result.items, allowed), ...itemPlaces(`${at} IRun`, result.run, allowed));
	});
	(observation.credentialTests ?? []).forEach((test, t) => places.push({ where: `${label} credential test ${t}`, text: safeJson(test) }));
	(observation.pickers ?? []).forEach((picker, p) => {
		places.push({ where: `${label} picker ${p} entries`, text: safeJson(picker.results ?? null) });
		if (picker.error) places.push(...errorPlaces(`${label} picker ${p} error`, picker.error));
	});
	logLines.forEach((line, l) => places.push({ where: `${label} log line ${l}`, text: line }));
	return places;
}

/** Runs a scenario and returns the leaks found; set by useCanary. */
let scanScenario: (scenario: Scenario) => Promise<string[]> = async () => {
	throw new Error('useCanary() first');
};

/** Starts the rigs for a test file and prints what was scanned at its end. */
export function useCanary(title: string): void {
	const tally = { scenarios: 0, places: 0, occurrences: 0, logLines: 0 };
	beforeAll(async () => {
		rigs.http = await startRig({ clientSecret: CLIENT_SECRET });
		rigs.https = await startRig({ clientSecret: CLIENT_SECRET, https: true });
	});
	afterAll(async () => {
		await rigs.http?.close();
		await rigs.https?.close();
		capture.stop();
		printSummary(title, [
			`${tally.scenarios} scenarios, ${tally.places} places scanned (${tally.logLines} of them log lines), ${needles().length} secrets searched`,
			`occurrences found: ${tally.occurrences}`,
		]);
	});
	beforeEach(() => {
		rigs.http.reset();
		rigs.https.reset();
	});
	scanScenario = async (scenario) => {
		const firstLine = capture.lines.length;
		const observation = await scenario.run();
		const logLines = capture.lines.slice(firstLine);
		const places = placesOf(scenario.name, observation, logLines);
		const leaks = findLeaks(places, needles());
		tally.scenarios++;
		tally.places += places.length;
		tally.logLines += logLines.length;
		tally.occurrences += leaks.length;
		return leaks;
	};
}

export interface Scenario {
	name: string;
	run(): Promise<Observation>;
}

/** One test per scenario: it runs, then nothing secret may be found anywhere. */
export function describeScenarios(groups: Array<[string, Scenario[]]>): void {
	describe.each(groups)('secret canary: %s', (_group, scenarios) => {
		test.each(scenarios)('$name', async (scenario) => {
			expect(await scanScenario(scenario)).toEqual([]);
		});
	});
}

export const run = async (parameters: INodeParameters, items = inputItems(1), continueOnFail = false, rig = rigs.http) =>
	await rig.run(parameters, items, continueOnFail);

export const expectError = (result: RunResult, message: RegExp) => {
	expect(result.error).toBeInstanceOf(NodeApiError);
	expect(result.error?.message).toMatch(message);
};
export const expectErrorItem = (result: RunResult, message: RegExp) => {
	expect(result.error).toBeUndefined();
	expect(result.items[0].json.error).toMatch(message);
};

/** Runs with the stored credential replaced by `data` (baseUrl, clientId and secret kept). */
export const withCredential = (rig: Rig, data: ICredentialDataDecryptedObject) => rig.setCredential(data);

/** A real, valid access token from the HTTPS sandbox, stored in its credential. */
export async function storeTokenOverTls(): Promise<void> {
	rigs.https.setCredential({ ignoreSSLIssues: true });
	const primed = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID }, inputItems(1), false, rigs.https);
	expect(primed.error).toBeUndefined();
	const { oauthTokenData } = rigs.https.engine.getCredentialData(CREDENTIAL_ID);
	expect(oauthTokenData).toMatchObject({ access_token: expect.any(String) });
	rigs.https.setCredential({ ignoreSSLIssues: false, oauthTokenData });
}

