/** Create's pickers and Protocol options with canned answers: search fields, pages, the chosen device, the node's Timeout and TLS setting, errors. */
import type { IDataObject, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { AUTOMATIC_CREDENTIAL, PICKER_PAGE_SIZE, searchDeviceCredentials, searchDevices } from '../../nodes/Segura/actions/methods/listSearch';
import { getProtocols, parseConnectivities } from '../../nodes/Segura/actions/methods/loadOptions';
import { defaultCredentials, node, ok, thrownBy, type Answer } from './mock-context';

interface Picker {
	parameters?: IDataObject;
	answer: Answer;
	credentials?: IDataObject;
}

/** An editor list's context: the node's parameters as the editor holds them, one canned answer. */
function pickerContext({ parameters = {}, answer, credentials = {} }: Picker) {
	const requests: IHttpRequestOptions[] = [];
	const context = {
		getNode: () => ({ ...node, typeVersion: 1.1 }),
		getTimezone: () => 'UTC',
		getCredentials: async () => ({ ...defaultCredentials, ...credentials }),
		// As n8n's: the locator's value only when asked to extract it.
		getCurrentNodeParameter: (name: string, options?: { extractValue?: boolean }) => {
			const value = parameters[name];
			return options?.extractValue && value && typeof value === 'object' && 'value' in value ? (value as IDataObject).value : value;
		},
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				requests.push(request);
				if ('status' in answer && answer.status < 400) return { statusCode: answer.status, body: answer.body, headers: {} };
				throw thrownBy(answer);
			},
		},
	} as unknown as ILoadOptionsFunctions;
	return { context, requests };
}

const devices = [
	{ id: 1, hostname: 'linux-srv-01', ip: '10.66.33.17', site: 'LAX', tags: 'linux, production' },
	{ id: '2', hostname: 'db-prod-01', ip: '10.66.33.18', site: 'AWS', tags: ['database', 'production'] },
	{ id: '3', hostname: 'no-ip', site: null },
	{ id: '4', ip: '10.66.33.40' },
];
const credentials = [
	{ id: '94', username: 'usrsudonopass', hostname: 'linux-srv-01', management_ip: '10.66.33.17', type: 'Local User' },
	{ id: '96', username: 'deploy-key', hostname: 'linux-srv-01', management_ip: '10.66.33.17', type: 'SSH Key' },
	{ id: '97', username: 'dbadmin', hostname: 'db-prod-01', management_ip: '10.66.33.18', type: 'Local User' },
	{ id: '99', username: null, hostname: 'db-prod-01', management_ip: '10.66.33.18' },
];
const values = (result: { results: Array<{ value: unknown }> }) => result.results.map((entry) => entry.value);

describe('searchDevices', () => {
	const search = async (filter?: string, token?: string, extra: Partial<Picker> = {}) => {
		const { context, requests } = pickerContext({ answer: ok({ devices }), ...extra });
		return { result: await searchDevices.call(context, filter, token), requests };
	};

	it('lists every device as hostname (IP) · site, its address as the value, in one GET', async () => {
		const { result, requests } = await search();
		expect(result).toEqual({
			results: [
				{ name: 'linux-srv-01 (10.66.33.17) · LAX', value: '10.66.33.17' },
				{ name: 'db-prod-01 (10.66.33.18) · AWS', value: '10.66.33.18' },
				{ name: 'no-ip', value: 'no-ip' },
				{ name: '10.66.33.40', value: '10.66.33.40' },
			],
			paginationToken: undefined,
		});
		expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET https://segura.example.com/iso/pam/device']);
	});

	it.each([
		['LINUX-SRV', ['10.66.33.17']],
		['66.33.18', ['10.66.33.18']],
		['aws', ['10.66.33.18']],
		['production', ['10.66.33.17', '10.66.33.18']],
		['database', ['10.66.33.18']],
		['  lax ', ['10.66.33.17']],
		['nothing', []],
	])('search "%s" matches hostname, IP, site or tag: %j', async (filter, expected) => {
		expect(values((await search(filter)).result)).toEqual(expected);
	});

	it('pages the matches by the token n8n hands back, and gives none after the last page', async () => {
		const many = Array.from({ length: PICKER_PAGE_SIZE * 2 + 5 }, (_, i) => ({ id: String(i), hostname: `srv-${i}`, ip: `10.0.${i >> 8}.${i & 255}` }));
		const answer = ok({ devices: many });
		const first = (await search(undefined, undefined, { answer })).result;
		expect(first.results).toHaveLength(PICKER_PAGE_SIZE);
		expect(first.paginationToken).toBe(String(PICKER_PAGE_SIZE));
		const last = (await search(undefined, String(PICKER_PAGE_SIZE * 2), { answer })).result;
		expect(last.results.map((entry) => entry.name)).toEqual(['srv-200 (10.0.0.200)', 'srv-201 (10.0.0.201)', 'srv-202 (10.0.0.202)', 'srv-203 (10.0.0.203)', 'srv-204 (10.0.0.204)']);
		expect(last.paginationToken).toBeUndefined();
		expect((await search(undefined, 'garbage', { answer })).result.results[0].name).toBe('srv-0 (10.0.0.0)');
	});

	it("sends the node's Timeout and the credential's TLS setting, as a run does", async () => {
		const { requests } = await search(undefined, undefined, { parameters: { options: { timeout: 5000 } }, credentials: { ignoreSSLIssues: true } });
		expect(requests[0]).toMatchObject({ timeout: 5000, skipSslCertificateValidation: true });
		const { requests: plain } = await search();
		expect(plain[0].timeout).toBeUndefined();
		expect(plain[0].skipSslCertificateValidation).toBe(false);
	});

	it('an authorization without devices names what to grant; any other error is passed on as it is', async () => {
		const refused = { status: 500, body: { response: { status: 500, message: 'You are not authorized to access this resource.', error: true } } };
		await expect(search(undefined, undefined, { answer: refused })).rejects.toMatchObject({
			message: 'Segura does not let this application read its device list',
			description: expect.stringMatching(/^Segura answered "You are not authorized to access this resource\.". The A2A authorization of this application lacks access to devices \(read\)\. Ask a Segura administrator .* choose "By Address"/),
		});
		const failing = { status: 503, body: { response: { status: 503, message: 'Service unavailable', error: true } } };
		await expect(search(undefined, undefined, { answer: failing })).rejects.toMatchObject({ message: expect.not.stringMatching(/does not let/) });
	});

	it('names the picker when the list has another shape', async () => {
		await expect(search(undefined, undefined, { answer: ok({ devices: [{ hostname: 'no id' }] }) })).rejects.toThrow(/Device \(From List\)/);
	});
});

describe('searchDeviceCredentials', () => {
	const search = async (device: IDataObject | string, filter?: string) => {
		const { context, requests } = pickerContext({ parameters: { device }, answer: ok({ credentials }) });
		return { result: await searchDeviceCredentials.call(context, filter), requests };
	};

	it("offers Automatic first, then the chosen device's credentials (by IP or hostname, any case)", async () => {
		const { result, requests } = await search({ __rl: true, mode: 'list', value: '10.66.33.17' });
		expect(result.results).toEqual([
			AUTOMATIC_CREDENTIAL,
			{ name: 'usrsudonopass (Local User)', value: 'usrsudonopass' },
			{ name: 'deploy-key (SSH Key)', value: 'deploy-key' },
		]);
		expect(requests.map((request) => request.url)).toEqual(['https://segura.example.com/iso/pam/credential']);
		expect(values((await search('DB-PROD-01')).result)).toEqual(['', 'dbadmin', '99']);
	});

	it('searches username and type; a search leaves Automatic out', async () => {
		expect(values((await search('10.66.33.17', 'ssh key')).result)).toEqual(['deploy-key']);
		expect(values((await search('10.66.33.17', 'USRSUDO')).result)).toEqual(['usrsudonopass']);
	});

	it('with no device chosen, or one given by expression, lists every credential', async () => {
		expect(values((await search('')).result)).toEqual(['', 'usrsudonopass', 'deploy-key', 'dbadmin', '99']);
		expect(values((await search('={{ $json.device }}')).result)).toHaveLength(5);
	});
});

describe('parseConnectivities', () => {
	it.each([
		['HTTP:80, SSH:22', [{ protocol: 'HTTP', port: '80' }, { protocol: 'SSH', port: '22' }]],
		[' RDP : 3389 ,, SSH', [{ protocol: 'RDP', port: '3389' }, { protocol: 'SSH', port: undefined }]],
		['SSH:22, ssh:2222', [{ protocol: 'SSH', port: '22' }]],
		['', []],
		[null, []],
		[42, []],
	])('%j', (connectivities, expected) => {
		expect(parseConnectivities(connectivities)).toEqual(expected);
	});
});

describe('getProtocols', () => {
	const documented = ['SSH', 'RDP', 'VNC', 'Telnet', 'HTTP', 'HTTPS', 'X11'];
	const protocols = async (device: IDataObject | string, answers: Answer[]) => {
		const pending = [...answers];
		const { context, requests } = pickerContext({ parameters: { device }, answer: ok() });
		(context.helpers as unknown as { httpRequestWithAuthentication: unknown }).httpRequestWithAuthentication = async (_type: string, request: IHttpRequestOptions) => {
			requests.push(request);
			const answer = pending.shift() as Answer;
			if ('status' in answer && answer.status < 400) return { statusCode: answer.status, body: answer.body, headers: {} };
			throw thrownBy(answer);
		};
		const options = await getProtocols.call(context);
		return { values: options.map((option) => option.value), options, urls: requests.map((request) => request.url) };
	};

	it("offers the picked device's connectivities, with their ports, after its list and its page", async () => {
		const { options, urls } = await protocols({ __rl: true, mode: 'list', value: 'DB-PROD-01' }, [ok({ devices }), ok({ device: { id: '2', connectivities: 'SSH:22, RDP:3389' } })]);
		expect(options).toEqual([
			{ name: 'SSH', value: 'SSH', description: 'Port 22, as Segura lists it for this device' },
			{ name: 'RDP', value: 'RDP', description: 'Port 3389, as Segura lists it for this device' },
		]);
		expect(urls).toEqual(['https://segura.example.com/iso/pam/device', 'https://segura.example.com/iso/pam/device/2']);
	});

	it.each([
		['a typed device (no request)', { __rl: true, mode: 'address', value: '10.66.33.18' }, [], 0],
		['an expression (no request)', { __rl: true, mode: 'list', value: '={{ $json.device }}' }, [], 0],
		['a version 1 text (no request)', '10.66.33.18', [], 0],
		['a device not in the list', { __rl: true, mode: 'list', value: '10.9.9.9' }, [ok({ devices })], 1],
		['a page without connectivities', { __rl: true, mode: 'list', value: '10.66.33.17' }, [ok({ devices }), ok({ device: { id: 1 } })], 2],
		['a list Segura refuses', { __rl: true, mode: 'list', value: '10.66.33.17' }, [{ status: 400, body: { response: { status: 400, message: 'Bad request', error: true } } }], 1],
	])('the documented protocols for %s', async (_name, device, answers, requestCount) => {
		const { values: offered, urls } = await protocols(device as IDataObject | string, answers as Answer[]);
		expect(offered).toEqual(documented);
		expect(urls).toHaveLength(requestCount);
	});
});
