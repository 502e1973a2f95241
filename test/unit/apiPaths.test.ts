import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';
import { throughFamilies } from '../../nodes/Segura/transport/discovery';
import type { Attempt } from '../../nodes/Segura/transport/judge';
import type { ApiFamily } from '../../nodes/Segura/model/endpoints';
import { errorBody, ok, runNode, type Answer } from './mock-context';

const auto = { apiPaths: 'auto' };
const hash = 'df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b';
const create = { operation: 'create', user: 'alice', device: '10.66.33.17', protocol: 'SSH' };
const created = ok({ session: { session_url: 'https://segura/modulos/auth?_sr=x', token: 't' } });
const session = { id: '30', session_id: hash, start: '2026-11-22 10:00:00', end: null };

/** The Kong gateway's stock answer for a path it does not route. */
const gateway404: Answer = { status: 404, body: { message: 'no Route matched with those values' } };
const later = async (ms: number, answer: Answer) => {
	await sleep(ms);
	return answer;
};
const pathOf = (request: IHttpRequestOptions) => new URL(String(request.url)).pathname;

/** An appliance that serves only these paths (by prefix match on the path template's start). */
function appliance(served: Record<string, Answer>, unrouted: Answer = gateway404) {
	return (request: IHttpRequestOptions): Answer => {
		const path = pathOf(request);
		const key = Object.keys(served).find((prefix) => path.startsWith(prefix));
		return key ? served[key] : unrouted;
	};
}

describe('API Paths: Auto', () => {
	it('is the credential default, beside the explicit A2A, PAM Core and API families', () => {
		const field = new SeguraOAuth2Api().properties.find((property) => property.name === 'apiPaths');
		expect(field?.default).toBe('auto');
		expect(field?.options?.map((option) => (option as { value: string }).value)).toEqual(['auto', 'a2a', 'pamCore', 'api']);
	});

	it.each([
		['create', create, 'POST', ['/iso/remote/session', '/api/pam/remote/session', '/api/remote/session']],
		['get', { operation: 'get', remoteSessionId: '30' }, 'GET', ['/api/session/remotesessions/30', '/api/pam/session/remotesessions/30', '/iso/session/remotesessions/30']],
		['getMany', { operation: 'getMany', returnAll: true }, 'GET', ['/api/session/remotesessions', '/api/pam/session/remotesessions', '/iso/session/remotesessions']],
		['terminate', { operation: 'terminate', sessionHash: hash }, 'DELETE', [`/iso/session/drop/${hash}`, `/api/pam/session/drop/${hash}`, `/api/session/drop/${hash}`]],
	])('%s tries the documented families in order on gateway 404s and names every path tried', async (_name, parameters, method, paths) => {
		const { error, requests } = await runNode({ parameters, credentials: auto, answers: () => gateway404 });
		expect(requests.map((request) => [request.method, pathOf(request)])).toEqual(paths.map((path) => [method, path]));
		expect(error).toBeInstanceOf(NodeApiError);
		const templates = paths.map((path) => path.replace(/\/(30|[0-9a-f]{40})$/, '/{id}'));
		expect(error?.message).toBe(`The appliance serves none of the documented paths for this call: ${method} ${templates.join(', ')} (each answered HTTP 404 "no route")`);
		expect(error?.description).toMatch(/API Paths is Auto.*nothing was done.*Base URL/);
		expect(error?.message).not.toContain(hash);
	});

	it.each([
		['an HTML 404 page', { status: 404, body: '<html><body><h1>404 Not Found</h1></body></html>' }],
		['an empty 404', { status: 404, body: '' }],
		['a 404 without Segura\'s envelope', { status: 404, body: { message: 'Not Found' } }],
		['Kong\'s body in another spelling', { status: 404, body: { message: 'No route matched with those values.' } }],
	] as Array<[string, Answer]>)('falls over on %s', async (_name, miss) => {
		const { output, requests } = await runNode({
			parameters: create,
			credentials: auto,
			answers: appliance({ '/api/pam/': created }, miss),
		});
		expect(requests.map(pathOf)).toEqual(['/iso/remote/session', '/api/pam/remote/session']);
		expect(output?.[0].json.session_url).toBe('https://segura/modulos/auth?_sr=x');
	});

	it('probes once per endpoint in a run of 1,000 items, one after another and ten at a time', async () => {
		for (const concurrency of [1, 10]) {
			const { output, requests } = await runNode({
				parameters: { ...create, options: { concurrency } },
				items: 1000,
				credentials: auto,
				answers: appliance({ '/api/pam/': created }),
			});
			expect(output).toHaveLength(1000);
			expect(requests.filter((request) => pathOf(request) === '/iso/remote/session')).toHaveLength(1);
			expect(requests).toHaveLength(1001);
		}
	});

	it('each run probes again: what worked is remembered per execution only', async () => {
		const answers = appliance({ '/api/pam/': created });
		const first = await runNode({ parameters: create, items: 3, credentials: auto, answers });
		const second = await runNode({ parameters: create, items: 3, credentials: auto, answers });
		expect(first.requests.map(pathOf)).toEqual(['/iso/remote/session', ...Array(3).fill('/api/pam/remote/session')]);
		expect(second.requests.map(pathOf)).toEqual(first.requests.map(pathOf));
	});

	it('concurrent first requests to an endpoint wait for one probe instead of each probing', async () => {
		// Item 0 drops its session; items 1-9 fail to drop and look their sessions up in the list,
		// ten at a time: the list endpoint is first needed by nine requests at once.
		const listed = ok({ remote_sessions: Array.from({ length: 10 }, (_, i) => ({ ...session, id: String(i), session_id: `h${i}`, end: '2026-11-22 10:05:00' })) });
		const dropFailed = errorBody(500, 'An error occurred while droping session');
		const { output, requests } = await runNode({
			parameters: Array.from({ length: 10 }, (_, i) => ({ operation: 'terminate', sessionHash: `h${i}`, options: { concurrency: 10, ignoreIfAlreadyEnded: true } })),
			items: 10,
			credentials: auto,
			answers: async (request) => {
				const path = pathOf(request);
				if (path === '/iso/session/drop/h0') return ok({}, 'Session dropped successfully');
				if (path.startsWith('/iso/session/drop/')) return await later(5, { status: 500, body: dropFailed });
				if (path === '/api/session/remotesessions') return await later(20, gateway404);
				if (path === '/api/pam/session/remotesessions') return await later(20, listed);
				return gateway404;
			},
		});
		expect(output?.map((item) => item.json.already_ended)).toEqual([false, ...Array(9).fill(true)]);
		const lists = requests.map(pathOf).filter((path) => path.endsWith('/remotesessions'));
		expect(lists.filter((path) => path === '/api/session/remotesessions')).toHaveLength(1);
		expect(lists.filter((path) => path === '/api/pam/session/remotesessions')).toHaveLength(9);
	});

	it.each([
		['a 400 in Segura\'s envelope', { status: 400, body: errorBody(400, 'Username not specified.') }, /^Username not specified\.$/],
		['a 404 in Segura\'s envelope', { status: 404, body: errorBody(404, 'Resource sub not found.') }, /^Resource sub not found\.$/],
		['a 404 with Segura\'s message and no envelope', { status: 404, body: { message: 'Resource sub not found' } }, /^Resource sub not found$/],
		['a 409', { status: 409, body: errorBody(409, 'session.no_available_credential') }, /^session\.no_available_credential$/],
		['a 500 HTML page', { status: 500, body: '<html>oops</html>' }, /HTTP 500/],
		['a timeout', { networkError: 'ECONNABORTED', message: 'timeout of 1000ms exceeded' }, /within the timeout/],
		['a dropped connection', { networkError: 'ECONNRESET' }, /dropped/],
	] as Array<[string, Answer, RegExp]>)('a create never goes to another family after %s', async (_name, answer, message) => {
		const { error, requests } = await runNode({ parameters: create, credentials: auto, answers: [answer, created, created] });
		// One POST; a "not found" is followed only by reads of the device list (unknownValues.ts).
		expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(requests.slice(1).map((request) => `${request.method} ${request.url}`)).toEqual(
			/not found/.test(String(message)) ? ['GET https://segura.example.com/api/pam/device'] : [],
		);
		expect(error?.message).toMatch(message);
	});

	it('names the path used when Segura answers with an error under Auto', async () => {
		const { error } = await runNode({
			parameters: create,
			credentials: auto,
			answers: appliance({ '/api/pam/': { status: 400, body: errorBody(400, 'Invalid protocol.') } }),
		});
		expect(error?.message).toBe('Invalid protocol.');
		expect(error?.description).toMatch(/Choose a protocol.* Path: POST \/api\/pam\/remote\/session \(API Paths: Auto\)\.$/);
	});

	it('a probe that ended without a verdict (a timeout) leaves the next item to probe again', async () => {
		let calls = 0;
		const { output, requests } = await runNode({
			parameters: create,
			items: 2,
			continueOnFail: true,
			credentials: auto,
			answers: (request) => (calls++ === 0 ? { networkError: 'ETIMEDOUT' } : appliance({ '/api/pam/': created })(request)),
		});
		expect(requests.map(pathOf)).toEqual(['/iso/remote/session', '/iso/remote/session', '/api/pam/remote/session']);
		expect(output?.map((item) => item.json.error ?? 'ok')).toEqual([expect.stringMatching(/timeout/), 'ok']);
	});

	it('remembers that no family is served: later items fail without sending anything', async () => {
		const { output, requests } = await runNode({ parameters: create, items: 5, continueOnFail: true, credentials: auto, answers: () => gateway404 });
		expect(requests).toHaveLength(3);
		expect(output?.map((item) => item.json.error)).toEqual(Array(5).fill(expect.stringMatching(/serves none of the documented paths/)));
	});

	it('retries a read within its family and does not probe further on a retryable answer', async () => {
		const busy: Answer = { status: 503, body: 'busy', headers: { 'retry-after': '0' } };
		const { output, requests } = await runNode({
			parameters: { operation: 'get', remoteSessionId: '30' },
			credentials: auto,
			answers: [busy, ok({ remote_session: [session] })],
		});
		expect(requests.map(pathOf)).toEqual(['/api/session/remotesessions/30', '/api/session/remotesessions/30']);
		expect(output?.[0].json.id).toBe('30');
	});

	it.each([
		['a2a', '/iso/remote/session'],
		['pamCore', '/api/pam/remote/session'],
		['api', '/api/remote/session'],
	])('an explicit family (%s) never probes and says which path was not routed', async (apiPaths, path) => {
		const { error, requests } = await runNode({ parameters: create, credentials: { apiPaths }, answers: [gateway404, created] });
		expect(requests.map(pathOf)).toEqual([path]);
		expect(error?.message).toBe('no Route matched with those values');
		expect(error?.description).toMatch(/no route for this path.*n8n always sends one/);
		expect(error?.description).toContain(`Path: POST ${path}.`);
	});
});

describe('throughFamilies', () => {
	const served = (family: ApiFamily): Attempt =>
		family === 'api' ? { ok: true, body: { family }, fromSegura: true } : { ok: false, routeMiss: true };

	it('serialises the probe: concurrent callers wait for it and use its verdict', async () => {
		const run = {};
		const sent: ApiFamily[] = [];
		const send = async (family: ApiFamily) => {
			sent.push(family);
			await sleep(10);
			return served(family);
		};
		const results = await Promise.all(
			Array.from({ length: 20 }, async () => await throughFamilies(run, 'listSessions', ['a2a', 'pamCore', 'api'], 'GET', send)),
		);
		expect(results.every((result) => result.ok)).toBe(true);
		expect(sent.slice(0, 3)).toEqual(['a2a', 'pamCore', 'api']);
		expect(sent.slice(3)).toEqual(Array(19).fill('api'));
	});

	it('keeps verdicts apart per run and per endpoint', async () => {
		const sent: string[] = [];
		const send = (label: string) => async (family: ApiFamily) => {
			sent.push(`${label}:${family}`);
			return served(family);
		};
		const [runA, runB] = [{}, {}];
		await throughFamilies(runA, 'listSessions', ['a2a', 'api'], 'GET', send('A list'));
		await throughFamilies(runA, 'getSession', ['a2a', 'api'], 'GET', send('A get'));
		await throughFamilies(runB, 'listSessions', ['a2a', 'api'], 'GET', send('B list'));
		await throughFamilies(runA, 'listSessions', ['a2a', 'api'], 'GET', send('A list'));
		expect(sent).toEqual(['A list:a2a', 'A list:api', 'A get:a2a', 'A get:api', 'B list:a2a', 'B list:api', 'A list:api']);
	});
});
