/**
 * n8n's poll context for one Segura Remote Session Trigger, mocked: the list answer (and Get answers) the test
 * sets, the node's static data as a plain object the test owns, and the activation's details n8n
 * hands a poll (workflow id, activation mode, poll budget, logger).
 */
import type { IDataObject, IHttpRequestOptions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { SeguraRemoteSessionTrigger } from '../../nodes/Segura/SeguraRemoteSessionTrigger.node';
import { defaultCredentials, node, ok, thrownBy, type Answer } from './mock-context';

export interface PollContextOptions {
	memory: IDataObject;
	list: () => Answer;
	/** Answers a Get by numeric id; unset: every Get fails the test. */
	get?: (id: string) => Answer;
	parameters?: IDataObject;
	mode?: string;
	activation?: string;
	workflowId?: string;
	budgetMs?: number;
}

export function pollContext(options: PollContextOptions) {
	const requests: IHttpRequestOptions[] = [];
	const warnings: string[] = [];
	const reads = { credentials: 0 };
	const parameters: IDataObject = { events: ['started', 'ended'], filters: {}, options: {}, ...options.parameters };
	const answerTo = (request: IHttpRequestOptions): Answer => {
		const byId = /\/remotesessions\/([^/?]+)$/.exec(request.url);
		if (!byId) return options.list();
		if (!options.get) throw new Error(`unexpected Get ${request.url}`);
		return options.get(decodeURIComponent(byId[1]));
	};
	const context = {
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => options.activation ?? 'activate',
		getWorkflow: () => ({ id: options.workflowId ?? 'workflow-1', name: 'Test', active: true }),
		getNode: () => ({ ...node, type: 'n8n-nodes-segura.seguraRemoteSessionTrigger', name: 'Segura Remote Session Trigger' }),
		getTimezone: () => 'UTC',
		getPollBudgetMs: () => options.budgetMs ?? 5 * 60_000,
		logger: { warn: (message: string) => warnings.push(message), debug: () => undefined, info: () => undefined, error: () => undefined },
		// The node's own static data; the workflow's global one is not the trigger's to use.
		getWorkflowStaticData: (type: string) => (type === 'node' ? options.memory : {}),
		getCredentials: async () => {
			reads.credentials++;
			return defaultCredentials;
		},
		getNodeParameter: (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				requests.push(request);
				const answer = answerTo(request);
				if ('status' in answer && (answer.status < 300 || request.ignoreHttpStatusErrors)) {
					return { statusCode: answer.status, body: answer.body, headers: {} };
				}
				throw thrownBy(answer);
			},
		},
	} as unknown as IPollFunctions;
	return { context, requests, reads, warnings };
}

/**
 * A clock the test moves: Date.now() as the trigger reads it. Each poll happens a minute after the
 * newest start or end of the list it gets, as a real poll comes after what it sees.
 */
export function useClock(startIso = '2026-11-29T10:30:00Z') {
	const clock = { now: Date.parse(startIso) };
	beforeEach(() => {
		clock.now = Date.parse(startIso);
		jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
	});
	afterEach(() => jest.restoreAllMocks());
	const after = (list: IDataObject[]) => {
		for (const session of list) {
			for (const time of [session.start, session.end]) {
				if (typeof time === 'string') clock.now = Math.max(clock.now, Date.parse(`${time.replace(' ', 'T')}Z`) + 60_000);
			}
		}
	};
	return { clock, after };
}

let workflows = 0;
/** A workflow id of its own: the trigger's process memory is per workflow and node. */
export const newWorkflowId = () => `workflow-${++workflows}`;

/**
 * One activation of a trigger: one poll context for all its polls (as n8n keeps one), a list
 * answer the test sets before each poll; each poll returns "id:event" per item, or null.
 */
export function triggerUnderTest(
	after: (list: IDataObject[]) => void,
	options: Partial<Omit<PollContextOptions, 'list' | 'mode'>> = {},
) {
	const memory = options.memory ?? {};
	let answer: Answer = ok({ remote_sessions: [] });
	const workflowId = options.workflowId ?? newWorkflowId();
	const mock = pollContext({ ...options, memory, workflowId, list: () => answer });
	const poll = async (list: Answer | IDataObject[]) => {
		if (Array.isArray(list)) after(list);
		answer = Array.isArray(list) ? ok({ remote_sessions: list }) : list;
		const output = await new SeguraRemoteSessionTrigger().poll.call(mock.context);
		return output?.[0].map((item: INodeExecutionData) => `${item.json.id}:${item.json.event}`) ?? null;
	};
	return { ...mock, poll, memory, workflowId };
}
