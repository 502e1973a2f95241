/**
 * Segura's "not found" names no value: Create checks the device and credential lists, Get and
 * Terminate the session list, and the error names the value Segura did not find.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { errorBody, listedSession, ok, runNode, type Answer } from './mock-context';

const create = { operation: 'create', user: 'alice', device: '10.66.33.17', protocol: 'SSH' };
const notFound: Answer = { status: 404, body: errorBody(404, 'Resource sub not found.') };
const devices = ok({
	devices: [
		{ id: '1', hostname: 'linux-srv-01', ip: '10.66.33.17', site: 'HQ' },
		{ id: 2, hostname: 'db-prod-01', ip: '10.66.33.18', site: 'DC' },
	],
});
const credentials = ok({
	credentials: [
		{ id: '94', username: 'usrsudonopass', hostname: 'linux-srv-01', management_ip: '10.66.33.17', type: 'Local User' },
		{ id: '95', username: 'deploy', hostname: 'LINUX-SRV-01', management_ip: '', type: 'Local User' },
		{ id: '96', username: 'dbadmin', hostname: 'db-prod-01', management_ip: '10.66.33.18', type: 'Local User' },
	],
});

/** Answers by path: the create refused, the lists as given. */
function appliance(lists: Record<string, Answer>, refusal: Answer = notFound) {
	return (request: IHttpRequestOptions): Answer => {
		if (request.method === 'POST') return refusal;
		const path = new URL(String(request.url)).pathname;
		return lists[path] ?? { status: 404, body: { message: 'no Route matched with those values' } };
	};
}

const paths = (requests: IHttpRequestOptions[]) => requests.map((request) => `${request.method} ${new URL(String(request.url)).pathname}`);

describe('Create: which value Segura did not find', () => {
	it('an unknown device is named, and only the device list is read', async () => {
		const { error, requests } = await runNode({
			parameters: { ...create, device: '10.66.33.99' },
			answers: appliance({ '/iso/pam/device': devices }),
		});
		expect(error?.message).toBe('Segura has no device 10.66.33.99');
		expect(error?.description).toBe(
			'Segura answered "Resource sub not found." and its device list (2 devices this application can see) holds no device with this hostname or IP address: nothing was created. Check the Device field: the hostname or IP address of a device registered in Segura, which the A2A authorization covers.',
		);
		expect(paths(requests)).toEqual(['POST /iso/remote/session', 'GET /iso/pam/device']);
	});

	it('an unknown user is named once device and credential are found (hostname in any case)', async () => {
		const { error, requests } = await runNode({
			parameters: { ...create, user: 'mallory', device: 'Linux-Srv-01', credential: 'deploy' },
			answers: appliance({ '/iso/pam/device': devices, '/iso/pam/credential': credentials }),
		});
		expect(error?.message).toBe('Segura has no user mallory');
		expect(error?.description).toBe(
			'Segura answered "Resource sub not found.". Device linux-srv-01 (10.66.33.17) and its credential deploy are registered, so the value it did not find is the user: nothing was created. Check the User field: the username of a person registered in Segura (Settings > Users).',
		);
		expect(paths(requests)).toEqual(['POST /iso/remote/session', 'GET /iso/pam/device', 'GET /iso/pam/credential']);
	});

	it('without a credential, the credential list is not read; a Remote Device is pointed at', async () => {
		const { error, requests } = await runNode({
			parameters: { ...create, user: 'mallory', additionalFields: { remotedevice: 'dc-01' } },
			answers: appliance({ '/iso/pam/device': devices }),
		});
		expect(error?.message).toBe('Segura has no user mallory');
		expect(error?.description).toMatch(/^Segura answered "Resource sub not found."\. Device linux-srv-01 \(10\.66\.33\.17\) is registered, so/);
		expect(error?.description).toMatch(/check Additional Fields > Remote Device \(dc-01\)\.$/);
		expect(requests).toHaveLength(2);
	});

	it('a credential of another device is named with the device\'s own credentials', async () => {
		const { error } = await runNode({
			parameters: { ...create, credential: 'dbadmin' },
			answers: appliance({ '/iso/pam/device': devices, '/iso/pam/credential': credentials }),
		});
		expect(error?.message).toBe('Segura has no credential dbadmin on device linux-srv-01 (10.66.33.17)');
		expect(error?.description).toBe(
			'Segura answered "Resource sub not found.": nothing was created. The device\'s credentials this application can see: usrsudonopass, deploy. Check the Device Credential field (a username, as registered for this device), or leave it empty for automatic selection.',
		);
	});

	it('a device list that cannot be read keeps Segura\'s message and says why the node could not tell', async () => {
		const refused = { status: 500, body: errorBody(500, 'You are not authorized to access this resource.') };
		const { error } = await runNode({ parameters: create, answers: appliance({ '/iso/pam/device': refused }) });
		expect(error?.message).toBe('Resource sub not found.');
		expect(error?.description).toMatch(
			/^Segura does not know what was asked for: .* The node could not check which value Segura did not find: You are not authorized to access this resource\.$/,
		);
	});

	it.each([
		['another refusal', { status: 400, body: errorBody(400, 'Invalid protocol.') }, 'Invalid protocol.'],
		['no free credential', { status: 409, body: errorBody(409, 'session.no_available_credential') }, 'session.no_available_credential'],
	] as Array<[string, Answer, string]>)('%s is not looked into', async (_name, refusal, message) => {
		const { error, requests } = await runNode({ parameters: create, answers: appliance({ '/iso/pam/device': devices }, refusal) });
		expect(error?.message).toBe(message);
		expect(requests).toHaveLength(1);
	});

	it('API Paths Auto reads the device list at /api/pam/device first, then at /iso/pam/device (3.2x)', async () => {
		const { error, requests } = await runNode({
			parameters: { ...create, device: 'nowhere' },
			credentials: { apiPaths: 'auto' },
			answers: appliance({ '/iso/pam/device': devices }),
		});
		expect(error?.message).toBe('Segura has no device nowhere');
		expect(paths(requests)).toEqual(['POST /iso/remote/session', 'GET /api/pam/device', 'GET /iso/pam/device']);
	});
});

describe('Get and Terminate: an unknown numeric id', () => {
	const listed = ok({ remote_sessions: [listedSession(30, 'alice', '10.66.33.17:22', 'SSH', '2024-05-15 17:37:53', null)] });
	const byPath = (getOne: Answer) => (request: IHttpRequestOptions): Answer =>
		String(request.url).endsWith('/remotesessions') ? listed : getOne;

	it.each([
		['get', { operation: 'get', remoteSessionId: '999' }, 'nothing was read'],
		['terminate', { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '999' }, 'nothing was terminated'],
	] as Array<[string, IDataObject, string]>)('%s: a 404 that names nothing is checked against the session list', async (_name, parameters, done) => {
		const { error, requests } = await runNode({ parameters, answers: byPath(notFound) });
		expect(error?.message).toBe('Segura has no remote session with id 999');
		expect(error?.description).toBe(
			`Segura answered "Resource sub not found." and its session list holds no session with this id: ${done}. Check the Numeric ID (the "id" field Get Many returns, such as 30); a session_id (such as 40 hex characters) goes in Terminate By: Session ID.`,
		);
		expect(requests.map((request) => request.method)).toEqual(['GET', 'GET']);
	});

	it('an id the list does holds keeps Segura\'s own error', async () => {
		const { error } = await runNode({ parameters: { operation: 'get', remoteSessionId: '30' }, answers: byPath(notFound) });
		expect(error?.message).toBe('Resource sub not found.');
	});

	it('many unknown ids in one run cost one session list', async () => {
		const { output, requests } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '999' },
			items: 3,
			continueOnFail: true,
			answers: byPath(notFound),
		});
		expect(output?.map((item) => item.json.error)).toEqual(Array(3).fill('Segura has no remote session with id 999'));
		expect(requests.filter((request) => String(request.url).endsWith('/remotesessions'))).toHaveLength(1);
	});
});
