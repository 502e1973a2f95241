/**
 * Secret canary, part 1: every operation, and the validation errors met when a secret from
 * Create's output lands in another field; see canary.ts. The one place a session URL may appear is
 * `session_url` in Create's output (and the items that carry it on); a session token, `token` there
 * when Include Session Token is on.
 */
import { createOutput, describeScenarios, rigs, run, useCanary, withCredential, WRONG_SECRET, type Scenario } from './canary';
import crypto from 'node:crypto';
import type { INodeParameters } from 'n8n-workflow';

import { listSearch } from '../harness/list-search';
import { ACTIVE_SESSION_ID, CREATE, CREDENTIAL_ID, createdSessions, credentials, inputItems, NODE_TYPE } from './support';

useCanary('reliability: secret canary (operations, validation errors)');

const OPERATIONS: Scenario[] = [
	{
		name: 'Create, Include Session Token on: the token is output, once, as `token`',
		async run() {
			const result = await run(CREATE, inputItems(2));
			expect(result.error).toBeUndefined();
			const issued = rigs.http.sandbox.sessionTokens();
			for (const item of result.items) expect(issued).toContain(item.json.token);
			return { runs: [result], allowed: createOutput(result, true) };
		},
	},
	{
		name: 'Create, Include Session Token off: no token anywhere',
		async run() {
			const result = await run({ ...CREATE, options: { includeSessionToken: false } }, inputItems(2));
			expect(result.error).toBeUndefined();
			for (const item of result.items) {
				expect(item.json).not.toHaveProperty('token');
				expect(item.json.session_url).toEqual(expect.any(String));
			}
			return { runs: [result], allowed: createOutput(result, false) };
		},
	},
	{
		name: 'Get',
		async run() {
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expect(result.items[0].json.id).toBe(ACTIVE_SESSION_ID);
			return { runs: [result] };
		},
	},
	{
		name: 'Get Many',
		async run() {
			const result = await run({ operation: 'getMany', returnAll: true });
			expect(result.items.length).toBeGreaterThan(1);
			return { runs: [result] };
		},
	},
	{
		name: 'Terminate by session hash, and by id',
		async run() {
			const opened = await run({ ...CREATE, options: { includeSessionToken: false } });
			const [session] = createdSessions(rigs.http.sandbox);
			const byHash = await run({ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: session.session_id });
			expect(byHash.items[0].json.terminated).toBe(true);
			const byId = await run({ operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '37' });
			expect(byId.items[0].json.terminated).toBe(true);
			return { runs: [opened, byHash, byId], allowed: createOutput(opened, false) };
		},
	},
	{
		name: 'Create batch whose second item fails (Continue On Fail off): the error names item 1, not its session',
		async run() {
			const before = rigs.http.sandbox.sessionUrls().length;
			const result = await run({ ...CREATE, user: '={{ $json.user }}' }, [{ json: { user: 'alice' } }, { json: { user: 'mallory' } }]);
			expect(result.error?.message).toMatch(/^Segura has no user mallory$/);
			expect((result.error as { description?: string }).description).toMatch(/input items 1 \(counting from 1\) had already created sessions/);
			// Item 1's session exists, and its URL is a secret the error must not carry.
			expect(rigs.http.sandbox.sessionUrls().length - before).toBe(1);
			return { runs: [result] };
		},
	},
	{
		name: 'Terminate, Ignore If Already Ended, unknown hash',
		async run() {
			const result = await run({ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: 'ab'.repeat(20), options: { ignoreIfAlreadyEnded: true } });
			// No session has this hash: an error, not "already ended", even with Ignore If Already Ended.
			expect(result.error).toBeDefined();
			expect(result.items).toEqual([]);
			return { runs: [result] };
		},
	},
	{
		name: "Create's pickers (devices, a device's credentials), right and wrong secret, and an authorization without devices",
		async run() {
			const pick = (method: string): Promise<{ results?: unknown[]; error?: Error }> =>
				listSearch(rigs.http.engine, {
					nodeType: NODE_TYPE,
					typeVersion: 1.1,
					method,
					path: 'parameters.device',
					parameters: { operation: 'create', device: { __rl: true, mode: 'list', value: '10.66.33.17' } },
					credentials,
				}).then(
					(result) => ({ results: result.results }),
					(error: Error) => ({ error }),
				);
			const right = [await pick('searchDevices'), await pick('searchDeviceCredentials')];
			expect(right.map((picker) => picker.results?.length ?? picker.error?.message)).toEqual([3, 4]);
			rigs.http.sandbox.setDeviceAccess(false);
			const refused = await pick('searchDevices');
			expect(refused.error?.message).toBe('Segura does not let this application read its device list');
			withCredential(rigs.http, { clientSecret: WRONG_SECRET });
			const wrong = await pick('searchDevices');
			expect(wrong.error).toBeDefined();
			return { runs: [], pickers: [...right, refused, wrong] };
		},
	},
	{
		name: 'Credential test, right and wrong secret',
		async run() {
			const right = await rigs.http.engine.testCredential(CREDENTIAL_ID);
			expect(right.status).toBe('OK');
			withCredential(rigs.http, { clientSecret: WRONG_SECRET });
			const wrong = await rigs.http.engine.testCredential(CREDENTIAL_ID);
			expect(wrong.status).toBe('Error');
			return { runs: [], credentialTests: [right, wrong] };
		},
	},
];

/**
 * Create's output (session URL and token) carried on by the workflow into a field of the next
 * operation by expression, as a mistaken mapping does: the error that rejects (or follows) it
 * must not show the secret, only the items that carry it may.
 */
function fedFromCreate(
	name: string,
	parameters: INodeParameters,
	message: RegExp | ((token: string) => RegExp),
	continueOnFail = false,
): Scenario {
	return {
		name,
		async run() {
			const created = await run(CREATE);
			expect(created.error).toBeUndefined();
			const result = await run(parameters, created.items.map((item) => ({ json: item.json })), continueOnFail);
			const error = continueOnFail ? String(result.items[0]?.json.error) : result.error?.message;
			expect(error).toMatch(typeof message === 'function' ? message(String(created.items[0]?.json.token)) : message);
			return { runs: [created, result], allowed: createOutput(created, true) };
		},
	};
}

/**
 * A random hex token is all digits about once in 700 runs; it is then a valid numeric id, so Segura
 * is asked and the node says it has no such session, with the id hidden (it is shaped like a secret).
 */
function idRefusedUnlessDigits(token: string): RegExp {
	return /^\d+$/.test(token) ? /no remote session with id \[hidden\]/ : /Numeric ID \(remoteSessionId\)/;
}

/** The same scenario with the sandbox issuing a token of digits only, the case random tokens reach rarely. */
function withDigitsToken(scenario: Scenario): Scenario {
	return {
		name: `${scenario.name}, a token of digits only`,
		async run() {
			const real = crypto.randomBytes;
			// 7 bytes whose hex is 14 digits: the sandbox's session token.
			const spy = jest.spyOn(crypto, 'randomBytes').mockImplementation(((size: number) =>
				size === 7 ? Buffer.from('68119193882042', 'hex') : real(size)) as typeof crypto.randomBytes);
			try {
				return await scenario.run();
			} finally {
				spy.mockRestore();
			}
		},
	};
}

const url = '={{ $json.session_url }}';
const token = '={{ $json.token }}';
const INPUTS: Scenario[] = [
	fedFromCreate('Terminate, Session ID = the session URL (refused: "/")', { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: url }, /Session ID \(sessionHash\)/),
	fedFromCreate('Terminate, Session ID = the session token (sent; Segura cannot drop it, the list has no such session_id)', { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: token }, /No remote session has this session_id/, true),
	fedFromCreate('Terminate, Session ID = the token, Ignore If Already Ended (looked up)', { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: token, options: { ignoreIfAlreadyEnded: true } }, /No remote session has this session_id/),
	fedFromCreate('Terminate by id = the session token', { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: token }, idRefusedUnlessDigits, true),
	fedFromCreate('Get, Numeric ID = the session URL', { operation: 'get', remoteSessionId: url }, /Numeric ID \(remoteSessionId\)/),
	fedFromCreate('Get, Numeric ID = the session token', { operation: 'get', remoteSessionId: token }, idRefusedUnlessDigits, true),
	fedFromCreate('Get, Appliance Timezone = the session token', { operation: 'get', remoteSessionId: ACTIVE_SESSION_ID, options: { timezone: token } }, /Appliance Timezone \(timezone\)/),
	fedFromCreate('Get Many, Started After = the session URL', { operation: 'getMany', returnAll: true, filters: { startedAfter: url } }, /Started After \(startedAfter\)/, true),
	fedFromCreate('Create, Device = the session URL', { ...CREATE, device: url }, /Device \(device\)/),
	fedFromCreate('Create, Remote Address = the session URL', { ...CREATE, additionalFields: { remoteAddr: url } }, /Remote Address \(remoteAddr\)/, true),
	fedFromCreate('Create, Port = the session token', { ...CREATE, additionalFields: { port: token } }, /Port \(port\)/),
	fedFromCreate('Create, Screen Size = the session token', { ...CREATE, additionalFields: { screensize: token } }, /Screen Size \(screensize\)/, true),
	fedFromCreate('Create, Protocol = the session token', { ...CREATE, protocol: token }, /Invalid protocol|Protocol \(protocol\)/),
];
INPUTS.push(...INPUTS.filter(({ name }) => /Numeric ID = the session token|by id = the session token/.test(name)).map(withDigitsToken));

describeScenarios([
	['operations', OPERATIONS],
	['secrets fed into fields (validation errors)', INPUTS],
]);
