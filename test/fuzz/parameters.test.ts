/**
 * Fuzz with an oracle: generated parameters for every operation, run by the real node inside
 * n8n-core's engine over real HTTP against the sandbox, each case judged by an independent rule
 * (oracle.ts). Invalid → no request reached the sandbox and the error names a field the rule finds
 * invalid. Valid → exactly the requests the rule predicts: method, raw path (every id
 * percent-encoded) and body. Values reach the node through expressions, as from a previous node.
 */
import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SEED as SANDBOX_SEED, type Sandbox } from '../../sandbox';
import type { Engine } from '../harness/engine';
import { addCredential, CUSTODY_TYPE, NODE_TYPE, sandbox, seguraEngine } from '../integration/setup';
import { printSummary } from '../reliability/report';
import { checkInCase, checkOutCase, createCase, credentialGetManyCase, examples, getCase, getManyCase, terminateCase } from './generators';
import { predict, type Values, type World } from './oracle';
import { predictCustody, type CustodyOperation } from './oracle-custody';

type Operation = 'create' | 'get' | 'getMany' | 'terminate' | CustodyOperation;
const CUSTODY: readonly string[] = ['checkOut', 'checkIn', 'credentialGetMany'];
const isCustody = (operation: Operation): operation is CustodyOperation => CUSTODY.includes(operation);

/** Cases per operation; the whole file stays under a minute on 2 cores. */
const RUNS = 200;
const SEED = 20261130;

/** Where each field goes: top-level parameters (always set, by expression), plain ones, collections. */
const LAYOUT: Record<Operation, { top: string[]; plain?: string; collections: Record<string, string[]> }> = {
	create: {
		top: ['user', 'device', 'protocol', 'credential'],
		collections: { additionalFields: ['remotedevice', 'remoteAddr', 'port', 'remoteapp', 'screensize'], options: ['includeSessionToken', 'timeout'] },
	},
	get: { top: ['remoteSessionId'], collections: { options: ['timezone', 'addHelperFields', 'timeout'] } },
	getMany: {
		top: ['limit'],
		plain: 'returnAll',
		collections: { filters: ['user', 'device', 'protocol', 'status', 'ticket', 'ticketMatch', 'startedAfter', 'startedBefore'], options: ['timezone', 'addHelperFields', 'timeout'] },
	},
	terminate: { top: ['sessionHash', 'remoteSessionId'], plain: 'terminateBy', collections: { options: ['ignoreIfAlreadyEnded', 'timeout'] } },
	checkOut: { top: ['credentialId', 'username', 'device'], plain: 'checkOutBy', collections: { options: ['timezone', 'addHelperFields', 'includePassword', 'timeout'] } },
	checkIn: { top: ['credentialId'], collections: { options: ['ignoreIfNotCheckedOut', 'timeout'] } },
	credentialGetMany: { top: ['limit'], plain: 'returnAll', collections: { filters: ['device', 'username', 'type'], options: ['timeout'] } },
};

/**
 * The node's parameters: every value by expression from the input item (a value the item lacks
 * resolves to undefined, "not given"); collections hold only the keys the case has.
 */
function parametersFor(operation: Operation, values: Values, typeVersion: number): INodeParameters {
	const layout = LAYOUT[operation];
	// The Segura Credential node's Get Many is `getMany` of its resource.
	const parameters: INodeParameters = isCustody(operation) ? { resource: 'credential', operation: operation === 'credentialGetMany' ? 'getMany' : operation } : { operation };
	for (const field of layout.top) parameters[field] = `={{ $json.${field} }}`;
	// Version 1.1's Create holds Device and Device Credential as locators, typed or mapped.
	if (operation === 'create' && typeVersion === 1.1) {
		parameters.device = { __rl: true, mode: 'address', value: '={{ $json.device }}' };
		parameters.credential = { __rl: true, mode: 'username', value: '={{ $json.credential }}' };
	}
	if (layout.plain) parameters[layout.plain] = values[layout.plain] as boolean | string;
	for (const [name, fields] of Object.entries(layout.collections)) {
		const collection: INodeParameters = {};
		for (const field of fields) if (field in values) collection[field] = `={{ $json.${field} }}`;
		parameters[name] = collection;
	}
	(parameters.options as INodeParameters).concurrency = 1;
	return parameters;
}

let box: Sandbox;
let engine: Engine;
let credentials: ReturnType<typeof addCredential>;
let world: World;

const tally = Object.fromEntries(
	(['create', 'get', 'getMany', 'terminate', ...CUSTODY] as Operation[]).map((op) => [op, { cases: 0, wire: 0, valid: 0 }]),
) as Record<Operation, { cases: number; wire: number; valid: number }>;

beforeAll(async () => {
	box = await sandbox();
	engine = seguraEngine();
	credentials = addCredential(engine, box);
	world = { sessions: box.sessions(), devices: SANDBOX_SEED.devices };
});
afterAll(async () => {
	await box?.close();
	printSummary(`fuzz with an oracle (n8n ${N8N_LINE}.x)`, [
		...Object.entries(tally).map(
			([op, t]) => `${op.padEnd(9)} ${t.cases} cases, valid ${t.valid}, reached the sandbox ${t.wire} (${Math.round((100 * t.wire) / Math.max(t.cases, 1))}%)`,
		),
	]);
});

async function check(operation: Operation, generated: Values) {
	// What n8n hands over is JSON: undefined keys vanish, as they would from a previous node.
	const values = JSON.parse(JSON.stringify(generated)) as Values;
	box.reset();
	const verdict = isCustody(operation) ? predictCustody(operation, values) : predict(operation, values, world);
	// Every other case on each version: 1 (plain text, as saved workflows hold it) and 1.1 (locators).
	const typeVersion = isCustody(operation) || tally[operation].cases % 2 ? 1 : 1.1;
	const { error, items } = await engine.runNode({
		nodeType: isCustody(operation) ? CUSTODY_TYPE : NODE_TYPE,
		typeVersion,
		parameters: parametersFor(operation, values, typeVersion),
		credentials,
		items: [{ json: values as never }],
	});
	const sent = box.requests
		.filter((request) => request.path !== '/iso/oauth2/token')
		.map((request) => ({ method: request.method, path: request.path, ...(request.method === 'POST' ? { body: request.body } : {}) }));
	tally[operation].cases++;
	if (sent.length > 0) tally[operation].wire++;
	const context = `${operation} ${JSON.stringify(values)}`;

	if (!verdict.valid) {
		expect({ context, sent }).toEqual({ context, sent: [] });
		expect(error).toBeInstanceOf(NodeOperationError);
		// The error names (one of) the fields the rule finds invalid, as "Label (field)".
		const names = new RegExp(`^Invalid parameter: .*\\((${verdict.invalidFields.join('|')})\\)`);
		expect({ context, invalid: verdict.invalidFields, message: error?.message }).toEqual({ context, invalid: verdict.invalidFields, message: expect.stringMatching(names) });
		return;
	}
	tally[operation].valid++;
	// Segura's one "not found" (the sandbox's 404) makes the node look up which value was unknown.
	const notFound = box.requests.find((request) => request.path !== '/iso/oauth2/token')?.status === 404;
	const expected = notFound ? [...verdict.requests, ...(verdict.afterNotFound ?? [])] : verdict.requests;
	expect({ context, sent }).toEqual({ context, sent: expected });
	// After the wire only Segura's answer can fail the item, as a NodeApiError.
	if (error) expect({ context, error: error.constructor.name, message: error.message }).toEqual({ context, error: NodeApiError.name, message: error.message });
	else if (operation === 'checkOut') {
		// Never a deactivation, and the password only where the workflow asked for it.
		expect({ context, deactivated: box.custody().deactivated, password: 'password' in items[0].json }).toEqual({ context, deactivated: [], password: values.includePassword !== false });
	} else if (operation === 'create') {
		const includeToken = values.includeSessionToken !== false;
		expect({ context, token: 'token' in items[0].json, url: typeof items[0].json.session_url }).toEqual({ context, token: includeToken, url: 'string' });
	}
}

/** The named edge cases first (fast-check's `examples`), then the generated ones. */
const settings = (operation: Operation) => {
	const active = world.sessions.find((session) => session.end === null);
	return { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: examples(active?.session_id ?? '')[operation].map((values): [Values] => [values]) };
};

describe('fuzzed parameters, judged by an independent rule, over real HTTP', () => {
	afterAll(() => {
		// The claim of this suite: every operation ran its cases, and at least a third reached Segura.
		for (const [op, t] of Object.entries(tally)) {
			expect({ op, enough: t.cases >= RUNS }).toEqual({ op, enough: true });
			expect({ op, wireShare: t.wire / t.cases >= 1 / 3 }).toEqual({ op, wireShare: true });
		}
	});

	it('create', async () => {
		await fc.assert(fc.asyncProperty(createCase, async (values) => await check('create', values)), settings('create'));
	});

	it('get', async () => {
		await fc.assert(fc.asyncProperty(getCase, async (values) => await check('get', values)), settings('get'));
	});

	it('getMany', async () => {
		await fc.assert(fc.asyncProperty(getManyCase, async (values) => await check('getMany', values)), settings('getMany'));
	});

	it('terminate', async () => {
		const hashes = world.sessions.map((session) => session.session_id);
		await fc.assert(fc.asyncProperty(terminateCase(hashes), async (values) => await check('terminate', values)), settings('terminate'));
	});

	it('checkOut (Segura Credential)', async () => {
		await fc.assert(fc.asyncProperty(checkOutCase, async (values) => await check('checkOut', values)), settings('checkOut'));
	});

	it('checkIn (Segura Credential)', async () => {
		await fc.assert(fc.asyncProperty(checkInCase, async (values) => await check('checkIn', values)), settings('checkIn'));
	});

	it('getMany (Segura Credential)', async () => {
		await fc.assert(fc.asyncProperty(credentialGetManyCase, async (values) => await check('credentialGetMany', values)), settings('credentialGetMany'));
	});
});
