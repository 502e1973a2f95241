import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { LINE_OPTIONS, ok, runNode } from './mock-context';

const session = {
	id: '30',
	user: 'MFASenhaSegura',
	origin_ip: '172.16.20.158',
	credential: 'usrsudonopass',
	device: '10.66.33.17:22',
	protocol: 'ssh',
	proxy: 'Web Proxy',
	session_id: 'df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b',
	start: '2024-05-15 17:37:53',
	end: '2024-05-15 17:38:00',
	time: '00:00:07',
	prevent_purge: 'No',
	request: null,
	ITSM: null,
};

const helpers = {
	start_iso: '2024-05-15T17:37:53Z',
	end_iso: '2024-05-15T17:38:00Z',
	duration_seconds: 7,
	device_host: '10.66.33.17',
	device_port: 22,
	active: false,
	ticket: null,
};

describe('get', () => {
	it('reads one session by numeric id and keeps the API fields as they are, then adds helpers', async () => {
		const { output, requests, error } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30' },
			answers: [ok({ remote_session: [session] })],
		});
		expect(error).toBeUndefined();
		expect(requests).toEqual([
			{
				method: 'GET',
				url: 'https://segura.example.com/iso/session/remotesessions/30',
				headers: { Accept: 'application/json' },
				json: true,
				returnFullResponse: true,
				...LINE_OPTIONS,
				skipSslCertificateValidation: false,
			},
		]);
		expect(output).toEqual([{ json: { ...session, ...helpers }, pairedItem: { item: 0 } }]);
	});

	it('uses the PAM Core path and a sub-path base URL', async () => {
		const { requests } = await runNode({
			parameters: { operation: 'get', remoteSessionId: 30 },
			credentials: { apiPaths: 'pamCore', baseUrl: 'https://proxy.example.com/segura/' },
			answers: [ok({ remote_session: [session] })],
		});
		expect(requests[0].url).toBe('https://proxy.example.com/segura/api/pam/session/remotesessions/30');
	});

	it('accepts remote_sessions and normalises Portuguese keys', async () => {
		const { credential, device, ...rest } = session;
		const { output } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30', options: { addHelperFields: false } },
			answers: [ok({ remote_sessions: [{ ...rest, credencial: credential, dispositivo: device }] })],
		});
		expect(output?.[0].json).toEqual(session);
	});

	it('converts start and end with the appliance time zone, with its offset', async () => {
		const { output } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30', options: { timezone: 'America/Sao_Paulo' } },
			answers: [ok({ remote_session: [session] })],
		});
		expect(output?.[0].json).toMatchObject({
			start: '2024-05-15 17:37:53',
			start_iso: '2024-05-15T17:37:53-03:00',
			end_iso: '2024-05-15T17:38:00-03:00',
		});
	});

	it('falls back to the workflow time zone', async () => {
		const { output } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30' },
			timezone: 'Europe/Berlin',
			answers: [ok({ remote_session: [session] })],
		});
		expect(output?.[0].json.start_iso).toBe('2024-05-15T17:37:53+02:00');
	});

	it('marks an active session and measures its running duration', async () => {
		const { output } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '31' },
			answers: [ok({ remote_session: [{ ...session, id: '31', end: null, time: null, device: '[2001:db8::5]:3389' }] })],
		});
		expect(output?.[0].json).toMatchObject({ active: true, end_iso: null, device_host: '2001:db8::5', device_port: 3389 });
		expect(output?.[0].json.duration_seconds).toBeGreaterThan(0);
	});

	it('gives one item per session object, all paired to the input', async () => {
		const { output } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30' },
			answers: [ok({ remote_session: [session, { ...session, id: '31' }] })],
		});
		expect(output?.map((item) => [item.json.id, item.pairedItem])).toEqual([
			['30', { item: 0 }],
			['31', { item: 0 }],
		]);
	});

	it.each([['abc'], ['../x'], ['1?a=b'], ['%2F'], ['1#x'], [0], [-4], [1.5], ['']])(
		'rejects remoteSessionId %j before any request',
		async (remoteSessionId) => {
			const { error, requests } = await runNode({ parameters: { operation: 'get', remoteSessionId }, answers: [] });
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toMatch(/Numeric ID \(remoteSessionId\) must be a positive integer/);
			expect(requests).toHaveLength(0);
		},
	);

	it('a Numeric ID n8n does not hand over is empty', async () => {
		const { error, requests } = await runNode({ parameters: { operation: 'get' }, answers: [] });
		expect(error?.message).toMatch(/Numeric ID \(remoteSessionId\) must be a positive integer/);
		expect(error?.description).toMatch(/^Received ""\./);
		expect(requests).toHaveLength(0);
	});

	it('rejects an answer without remote_session(s)', async () => {
		const { error } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30' },
			answers: [ok({ sessions: [] })],
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toMatch(/answer to Get does not have the documented shape: has neither remote_session nor remote_sessions/);
	});

	it('rejects a session without an id', async () => {
		const withoutId: Record<string, unknown> = { ...session };
		delete withoutId.id;
		const { error } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30' },
			answers: [ok({ remote_session: [withoutId] })],
		});
		expect(error?.message).toMatch(/has a remote session whose id/);
	});
});
