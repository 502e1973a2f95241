/**
 * Terminate › Active Sessions of a User on a Device: how a workflow closes the session its Create
 * opened (Create's answer has no session id). One list per run, one drop per match, nothing else.
 */
import { NodeOperationError } from 'n8n-workflow';

import { ok, runNode } from './mock-context';

const hex = (digit: string) => digit.repeat(40);
const session = (id: string, fields: Record<string, unknown>) => ({
	id,
	session_id: hex(id.slice(-1)),
	user: 'alice',
	device: '10.66.33.17:22',
	protocol: 'SSH',
	start: '2026-11-22 10:00:00',
	end: null,
	...fields,
});
const LIST = [
	session('31', { start: '2026-11-22 10:05:00' }),
	session('32', { user: 'ALICE', start: '2026-11-22 09:00:00' }),
	session('33', { user: 'bob' }),
	session('34', { device: '10.66.33.18:22' }),
	session('35', { end: '2026-11-22 10:30:00' }),
];
const dropped = ok({}, 'Session dropped successfully');
const droppedUrl = (id: string) => `https://segura.example.com/iso/session/drop/${hex(id.slice(-1))}`;

const terminate = (fields: Record<string, unknown> = {}) => ({
	operation: 'terminate',
	terminateBy: 'userDevice',
	user: 'alice',
	device: '10.66.33.17',
	...fields,
});

describe('Terminate › Active Sessions of a User on a Device', () => {
	it('drops every active session of the user on the device, and no other: one list, one DELETE each', async () => {
		const { output, requests } = await runNode({ parameters: terminate(), answers: [ok({ remote_sessions: LIST }), dropped, dropped] });
		expect(requests.map((request) => [request.method, request.url])).toEqual([
			['GET', 'https://segura.example.com/iso/session/remotesessions'],
			['DELETE', droppedUrl('31')],
			['DELETE', droppedUrl('32')],
		]);
		expect(output?.map((item) => item.json)).toEqual([
			{ terminated: true, already_ended: false, session_id: hex('1'), id: '31', user: 'alice', device: '10.66.33.17:22', end: null, message: 'Session dropped successfully' },
			{ terminated: true, already_ended: false, session_id: hex('2'), id: '32', user: 'ALICE', device: '10.66.33.17:22', end: null, message: 'Session dropped successfully' },
		]);
		expect(output?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('with Started After (Create\'s created_at), only the sessions that started at or after it', async () => {
		const { output, requests } = await runNode({
			parameters: terminate({ startedAfter: '2026-11-22T10:05:00.000Z' }),
			answers: [ok({ remote_sessions: LIST }), dropped],
		});
		expect(requests.map((request) => request.method)).toEqual(['GET', 'DELETE']);
		expect(output?.map((item) => item.json.id)).toEqual(['31']);
	});

	it('none matching: one item that says so, nothing dropped', async () => {
		const { output, requests, error } = await runNode({
			parameters: terminate({ user: 'carol', startedAfter: '2026-11-22T10:00:00Z' }),
			answers: [ok({ remote_sessions: LIST })],
		});
		expect(error).toBeUndefined();
		expect(requests).toHaveLength(1);
		expect(output?.map((item) => item.json)).toEqual([
			{
				terminated: false,
				already_ended: false,
				session_id: null,
				id: null,
				user: null,
				device: null,
				end: null,
				message: 'No active remote session of carol on 10.66.33.17 started at or after 2026-11-22T10:00:00Z: nothing to terminate',
			},
		]);
	});

	it('a device named by hostname matches whatever its case; none left without Started After says so too', async () => {
		const byName = [session('36', { device: 'DB01.example.com:22' })];
		const { output } = await runNode({ parameters: terminate({ device: 'db01.EXAMPLE.com' }), answers: [ok({ remote_sessions: byName }), dropped] });
		expect(output?.map((item) => item.json.id)).toEqual(['36']);
		const none = await runNode({ parameters: terminate({ user: 'carol' }), answers: [ok({ remote_sessions: LIST })] });
		expect(none.output?.[0].json.message).toBe('No active remote session of carol on 10.66.33.17: nothing to terminate');
	});

	it('a list of another shape is an error that names Terminate, and nothing is dropped', async () => {
		const { error, requests } = await runNode({ parameters: terminate(), answers: [ok({ sessions: [] })] });
		expect(requests).toHaveLength(1);
		expect(error?.message).toMatch(/Segura's answer to Terminate does not have the documented shape/);
	});

	it('a session that ended between the list and its drop is reported as already ended, not as an error', async () => {
		const dropFailed = { status: 200, body: { response: { status: 200, message: 'An error occurred while droping session', error: true } } };
		const endedMeanwhile = session('31', { start: '2026-11-22 10:05:00', end: '2026-11-22 10:06:00' });
		const { output, error } = await runNode({
			parameters: terminate({ startedAfter: '2026-11-22T10:05:00Z' }),
			answers: [ok({ remote_sessions: LIST }), dropFailed, ok({ remote_sessions: [endedMeanwhile] })],
		});
		expect(error).toBeUndefined();
		expect(output?.[0].json).toMatchObject({ terminated: false, already_ended: true, id: '31', end: '2026-11-22 10:06:00' });
	});

	it('two items for the same user and device read the run\'s list once', async () => {
		const { requests } = await runNode({
			parameters: terminate({ startedAfter: '2026-11-22T10:05:00Z' }),
			items: 2,
			answers: [ok({ remote_sessions: LIST }), dropped, { status: 200, body: { response: { message: 'An error occurred while droping session', error: true } } }, ok({ remote_sessions: [session('31', { end: '2026-11-22 10:06:00' })] })],
		});
		// The run's list once; the second item's drop of 31 (dropped by the first) fails and is looked up.
		expect(requests.map((request) => request.method)).toEqual(['GET', 'DELETE', 'DELETE', 'GET']);
	});

	it.each([
		[{ device: '' }, /^Invalid parameter: Device \(device\)/],
		[{ user: '  ' }, /^Invalid parameter: User \(user\)/],
		[{ startedAfter: 'yesterday' }, /^Invalid parameter: Started After \(startedAfter\) must be a date and time/],
	])('refuses %p before sending anything', async (fields, message) => {
		const { error, requests } = await runNode({ parameters: terminate(fields), answers: [] });
		expect(requests).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(message);
	});
});
