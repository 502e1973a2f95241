import { NodeOperationError } from 'n8n-workflow';

import { listedSession, ok, runNode } from './mock-context';


const sessions = [
	listedSession(30, 'alice', '10.66.33.17:22', 'ssh', '2026-11-20 08:00:00', '2026-11-20 08:10:00'),
	listedSession(31, 'bob', '10.66.33.18:3389', 'RDP', '2026-11-21 09:00:00', '2026-11-21 09:10:00'),
	listedSession(32, 'Alice', '10.66.33.17:22', 'SSH', '2026-11-22 10:00:00', null),
	listedSession(33, 'carol', 'linux-srv-01:22', 'SSH', '2026-11-22 10:00:00', '2026-11-22 10:10:00'),
];

const ids = (output?: Array<{ json: { id?: unknown } }>) => output?.map((item) => item.json.id);

describe('getMany', () => {
	const run = (parameters: Record<string, unknown>) =>
		runNode({
			parameters: { operation: 'getMany', returnAll: true, ...parameters },
			answers: [ok({ remote_sessions: sessions })],
		});

	it('lists with one GET, newest first (ties by id), each item paired to the input', async () => {
		const { output, requests } = await run({});
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['GET', 'https://segura.example.com/iso/session/remotesessions'],
		]);
		expect(ids(output)).toEqual(['33', '32', '31', '30']);
		expect(new Set(output?.map((item) => JSON.stringify(item.pairedItem)))).toEqual(new Set(['{"item":0}']));
	});

	it('uses the PAM Core list path', async () => {
		const { requests } = await runNode({
			parameters: { operation: 'getMany', returnAll: true },
			credentials: { apiPaths: 'pamCore' },
			answers: [ok({ remote_sessions: [] })],
		});
		expect(requests[0].url).toBe('https://segura.example.com/api/pam/session/remotesessions');
	});

	it('applies the limit after sorting', async () => {
		const { output } = await run({ returnAll: false, limit: 2 });
		expect(ids(output)).toEqual(['33', '32']);
	});

	it.each([
		[{ user: 'ALICE' }, ['32', '30']],
		[{ device: '10.66.33.17' }, ['32', '30']],
		[{ device: 'linux-srv-01:22' }, ['33']],
		[{ protocol: 'ssh' }, ['33', '32', '30']],
		[{ status: 'active' }, ['32']],
		[{ status: 'ended' }, ['33', '31', '30']],
		[{ startedAfter: '2026-11-21T00:00:00' }, ['33', '32', '31']],
		[{ startedBefore: '2026-11-21T09:00:00' }, ['30']],
		// Spaces around a date typed or pasted in are not part of it.
		[{ startedAfter: ' 2026-11-21T00:00:00 ' }, ['33', '32', '31']],
		[{ startedBefore: '\t2026-11-21T09:00:00Z ' }, ['30']],
		[{ startedAfter: '2026-11-21T08:30:00Z', startedBefore: '2026-11-22T00:00:00Z' }, ['31']],
		[{ user: 'alice', status: 'ended' }, ['30']],
	])('filters %j', async (filters, expected) => {
		const { output } = await run({ filters });
		expect(ids(output)).toEqual(expected);
	});

	it("names Get Many when Segura's list has another shape", async () => {
		const { error } = await runNode({ parameters: { operation: 'getMany', returnAll: true }, answers: [ok({ sessions: [] })] });
		expect(error?.message).toBe(
			"Segura's answer to Get Many does not have the documented shape: has neither remote_session nor remote_sessions",
		);
	});

	it('gives no items (not an error) when nothing matches', async () => {
		const { output, error } = await run({ filters: { user: 'nobody' } });
		expect(error).toBeUndefined();
		expect(output).toEqual([]);
	});

	it('rejects a filter date that is not a date', async () => {
		const { error, requests } = await runNode({
			parameters: { operation: 'getMany', returnAll: true, filters: { startedAfter: 'yesterday' } },
			answers: [],
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(/Started After \(startedAfter\) must be a date and time/);
		expect(requests).toHaveLength(0);
	});

	it('rejects a limit of 0', async () => {
		const { error } = await runNode({ parameters: { operation: 'getMany', returnAll: false, limit: 0 }, answers: [] });
		expect(error?.message).toMatch(/Limit \(limit\) must be at least 1/);
	});

	describe('one list per run', () => {
		const perUser = ['alice', 'bob', 'carol', 'nobody', 'ALICE'].map((user) => ({
			operation: 'getMany',
			returnAll: false,
			limit: 1,
			filters: { user },
		}));

		it.each([1, 4])('answers 5 input items (Concurrency %i) from one GET, each with its own filters and pairing', async (concurrency) => {
			const { output, requests } = await runNode({
				parameters: perUser.map((parameters) => ({ ...parameters, options: { concurrency } })),
				items: 5,
				answers: [ok({ remote_sessions: sessions })],
			});
			expect(requests).toHaveLength(1);
			expect(output?.map((item) => [item.json.id, item.pairedItem])).toEqual([
				['32', { item: 0 }],
				['31', { item: 1 }],
				['33', { item: 2 }],
				['32', { item: 4 }],
			]);
		});

		it('reports a failed list on every item with Continue On Fail, after one request', async () => {
			const { output, requests } = await runNode({
				parameters: perUser.slice(0, 3),
				items: 3,
				continueOnFail: true,
				answers: [{ status: 403, body: { message: 'You are not authorized to access this resource.' } }],
			});
			expect(requests).toHaveLength(1);
			expect(output?.map((item) => [typeof item.json.error, item.pairedItem])).toEqual([
				['string', { item: 0 }],
				['string', { item: 1 }],
				['string', { item: 2 }],
			]);
		});
	});

	it('reads numbers and Portuguese keys in a long list as the schema does, and names a bad field', async () => {
		const legacy = { ...listedSession(40, 'dave', '', 'SSH', '2026-11-23 10:00:00', null), id: 40, dispositivo: 'db-01:5432' };
		delete (legacy as Record<string, unknown>).device;
		const { output } = await runNode({
			parameters: { operation: 'getMany', returnAll: true, filters: { user: 'dave' } },
			answers: [ok({ remote_sessions: [...sessions, legacy] })],
		});
		expect(output?.map((item) => [item.json.id, item.json.device, item.json.device_host])).toEqual([['40', 'db-01:5432', 'db-01']]);

		const { error } = await runNode({
			parameters: { operation: 'getMany', returnAll: true },
			answers: [ok({ remote_sessions: [...sessions, { ...listedSession(41, 'erin', 'h:22', 'SSH', '2026-11-23 10:00:00', null), start: { at: 1 } }] })],
		});
		expect(error?.message).toMatch(/has a remote session whose start invalid input/);
	});
});

describe('getMany filters at their edges', () => {
	const odd = [
		{ id: '40', user: null, device: null, protocol: null, start: 'not a date', end: null },
		{ id: '41', user: 'dave', device: 'db01', protocol: 'SSH', start: '2026-11-23 10:00:00', end: null },
		{ id: '42', user: 'erin', device: 'db01:5432', protocol: 'SSH', start: '2026-11-23 11:00:00', end: '2026-11-23 11:30:00', ITSM: 'INC0012345', request: '4102' },
		{ id: '43', user: 'erin', device: 'db01:5432', protocol: 'SSH', start: '2026-11-23 09:00:00', end: '2026-11-23 09:30:00', ITSM: null, request: 4101 },
	];
	const run = (parameters: Record<string, unknown>) =>
		runNode({ parameters: { operation: 'getMany', returnAll: true, ...parameters }, answers: [ok({ remote_sessions: odd })] });

	it.each([
		[{ user: 'dave' }, ['41']],
		[{ protocol: 'ssh' }, ['42', '41', '43']],
		[{ device: 'db01' }, ['42', '41', '43']],
		[{ device: 'db01:5432' }, ['42', '43']],
		[{ startedAfter: '2026-11-23T10:00:00Z' }, ['42', '41']],
		[{ startedAfter: '2026-11-23T10:00:01Z' }, ['42']],
		[{ startedBefore: '2026-11-23T11:00:00Z' }, ['41', '43']],
		[{ startedBefore: new Date('2026-11-23T11:00:01Z') }, ['42', '41', '43']],
		[{ status: 'any' }, ['42', '41', '43', '40']],
		[{}, ['42', '41', '43', '40']],
		[{ ticket: 'inc0012345' }, ['42']],
		[{ ticket: 'INC00123' }, []],
		[{ ticket: 'INC00123', ticketMatch: 'contains' }, ['42']],
		[{ ticket: '4102' }, ['42']],
		[{ ticket: '4101' }, ['43']],
		[{ ticket: '410', ticketMatch: 'contains' }, ['42', '43']],
		[{ ticket: ' ', ticketMatch: 'contains' }, ['42', '41', '43', '40']],
	])('%j keeps %j; a session without the field or a date never matches a filter on it', async (filters, expected) => {
		const { output, error } = await run({ filters });
		expect(error).toBeUndefined();
		expect(ids(output)).toEqual(expected);
	});

	it('without helper fields, the sessions are handed on exactly as Segura sent them', async () => {
		const { output } = await run({ options: { addHelperFields: false }, returnAll: false, limit: 1 });
		expect(output?.map((item) => item.json)).toEqual([odd[2]]);
	});

	it('adds the ticket: the ITSM code when set, else the request', async () => {
		const { output } = await run({ filters: { device: 'db01:5432' } });
		expect(output?.map((item) => item.json.ticket)).toEqual(['INC0012345', '4101']);
	});

	it('the limit counts matches, not sessions read', async () => {
		const { output } = await run({ returnAll: false, limit: 1, filters: { user: 'dave' } });
		expect(ids(output)).toEqual(['41']);
	});
});
