import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import type { z } from 'zod/v3';

import { seguraApiError, type SeguraFailure } from '../errors/errorFactories';
import { nodeApiErrorKeepsCause } from '../errors/nodeApiErrorV1';
import { throughFamilies } from './discovery';
import { judgeError, judgeResponse, type Attempt } from './judge';
import { ANSWER_SCHEMAS, parseAnswer } from '../model/responses';
import { buildUrl, ENDPOINTS, familiesFor, pathOf, tokenUrl, type ApiFamily, type Endpoint } from '../model/endpoints';

export const CREDENTIAL_TYPE = 'seguraOAuth2Api';

/** A node run's context, a poll's (the trigger) or an editor list's (the pickers): the transport needs the same of each. */
export type SeguraContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

interface RetryPolicy {
	/** Attempts after the first one. */
	retries: number;
	/** First backoff in ms; doubles each attempt, capped at maxDelayMs. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Only failures without an answer are sent again (the endpoint table's 'ifNoAnswer'). */
	onlyWithoutAnswer?: boolean;
}

/** For the endpoints the table marks as retried (reads), on answers that mean "try again". */
export const READ_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

/** For a release (custody): once more, and only when no answer came back. */
export const NO_ANSWER_RETRY_POLICY: RetryPolicy = { retries: 1, baseDelayMs: 500, maxDelayMs: 500, onlyWithoutAnswer: true };

interface SeguraRequest {
	endpoint: Endpoint;
	itemIndex: number;
	/** Path parameter: the numeric id or the session hash. */
	id?: string;
	body?: IDataObject;
	/** Per-request timeout in ms; 0 or undefined keeps n8n's default. */
	timeoutMs?: number;
	/**
	 * Reads the credential for this request instead of once per context: a poll context lasts as
	 * long as the activation, which may outlive an edit of the credential. (API Paths: Auto's
	 * verdicts stay per context: a poll's family is probed once per activation.)
	 */
	freshCredentials?: boolean;
	/** Told when a request is sent again because no answer came back to the one before. */
	onResendWithoutAnswer?: () => void;
}

/**
 * n8n fetches a new token on a 401 by itself. Some Segura versions refuse an expired token with a
 * 403 instead: the request is then sent once more with 403 counted as "token expired", so n8n
 * fetches a new token (once, shared by concurrent requests) and repeats it. A 401 or 403 means
 * nothing was done, so even a create may be sent again.
 */
const RENEW_ON_403: IAdditionalCredentialOptions = { oauth2: { tokenExpiredStatusCode: [401, 403] } };

// One credential read per execution: n8n decrypts and resolves the credential on every
// getCredentials call, which costs more than the request itself on a fast appliance.
const credentialsByExecution = new WeakMap<SeguraContext, Promise<ICredentialDataDecryptedObject>>();

async function credentialsOf(context: SeguraContext, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
	let pending = credentialsByExecution.get(context);
	if (!pending) {
		pending = context.getCredentials(CREDENTIAL_TYPE, itemIndex);
		credentialsByExecution.set(context, pending);
		// A failed read is not remembered: the next item tries again and reports its own error.
		pending.catch(() => credentialsByExecution.delete(context));
	}
	return await pending;
}

async function sendOnce(
	this: SeguraContext,
	options: IHttpRequestOptions,
	extra?: IAdditionalCredentialOptions,
): Promise<Attempt> {
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
			extra,
		)) as IN8nHttpFullResponse;
		return judgeResponse(response);
	} catch (error) {
		return judgeError(error, { answersComeBack: options.ignoreHttpStatusErrors === true });
	}
}

/**
 * n8n 1.x's NodeApiError drops the HTTP answer it wraps (its headers and any non-JSON body): there
 * every answer is taken as it comes (ignoreHttpStatusErrors), and only a request whose token was
 * refused is sent again the way that throws, so that n8n 1.x renews the token (on a 401) itself.
 */
const answerAsItComes = (options: IHttpRequestOptions): IHttpRequestOptions =>
	nodeApiErrorKeepsCause ? options : { ...options, ignoreHttpStatusErrors: true };

/** One request to one path, with the retry policy and the token renewal on a 403 (or any 401 under 1.x). */
async function sendWithRetries(
	this: SeguraContext,
	options: IHttpRequestOptions,
	policy: RetryPolicy | undefined,
	onResendWithoutAnswer?: () => void,
): Promise<Attempt> {
	let renewed = false;
	for (let attempt = 0; ; attempt++) {
		let outcome = await sendOnce.call(this, answerAsItComes(options));
		const tokenExpired = outcome.tokenRefused || (!nodeApiErrorKeepsCause && outcome.status === 401);
		if (tokenExpired && !renewed) {
			renewed = true;
			outcome = await sendOnce.call(this, options, RENEW_ON_403);
		}
		const again = policy?.onlyWithoutAnswer ? outcome.noAnswer : outcome.retryable;
		if (outcome.ok || !policy || !again || attempt >= policy.retries) return outcome;
		if (outcome.noAnswer) onResendWithoutAnswer?.();
		const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
		await sleep(Math.min(policy.maxDelayMs, outcome.retryAfterMs ?? backoff));
	}
}

/**
 * The one place the node talks HTTP. Authentication (token fetch, storage, renewal) is n8n's,
 * through httpRequestWithAuthentication and the Segura OAuth2 API credential. With API Paths
 * "Auto" the path family is found per endpoint (transport/discovery.ts).
 * Returns the parsed JSON body of a successful answer; any failure is a NodeApiError.
 */
export async function seguraApiRequest(this: SeguraContext, request: SeguraRequest): Promise<IDataObject> {
	const credentials = request.freshCredentials
		? await this.getCredentials(CREDENTIAL_TYPE, request.itemIndex)
		: await credentialsOf(this, request.itemIndex);
	const { method, retried } = ENDPOINTS[request.endpoint];
	const families = familiesFor(credentials.apiPaths, request.endpoint);
	const send = async (family: ApiFamily): Promise<Attempt> => {
		const options: IHttpRequestOptions = {
			method,
			url: buildUrl(credentials.baseUrl, family, request.endpoint, request.id),
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			// n8n applies ignoreSSLIssues to the token call only; API calls need it spelled out.
			skipSslCertificateValidation: credentials.ignoreSSLIssues === true,
		};
		// No body key at all on reads.
		if (request.body !== undefined) options.body = request.body;
		// Validation allows no negative timeout; 0 keeps n8n's default.
		if (request.timeoutMs) options.timeout = request.timeoutMs;
		const policy = retried === 'ifNoAnswer' ? NO_ANSWER_RETRY_POLICY : retried ? READ_RETRY_POLICY : undefined;
		const outcome = await sendWithRetries.call(this, options, policy, request.onResendWithoutAnswer);
		return { ...outcome, path: pathOf(family, request.endpoint) };
	};
	const auto = families.length > 1;
	const outcome = auto
		? await throughFamilies(this, request.endpoint, families, method, send)
		: await send(families[0]);
	if (outcome.ok) return (outcome.body ?? {}) as IDataObject;
	const failure = outcome.failure as SeguraFailure;
	// Which path answered, as a template: the id may be a session token and stays out of errors.
	const shown = (auto || outcome.routeMiss) && outcome.path;
	const where = outcome.tokenRequest
		? ` Token URL: ${tokenUrl(credentials.baseUrl)}.`
		: shown
			? ` Path: ${method} ${outcome.path}${auto ? ' (API Paths: Auto)' : ''}.`
			: '';
	const error = seguraApiError(this.getNode(), { ...failure, description: `${failure.description}${where}` }, request.itemIndex);
	// The request went out and no answer came back: Segura may have carried it out (custody says so).
	if (outcome.noAnswer) error.context.noAnswer = true;
	throw error;
}

/** What an endpoint's successful answer holds, as the endpoint table names it. */
export type AnswerOf<E extends Endpoint> = z.output<(typeof ANSWER_SCHEMAS)[(typeof ENDPOINTS)[E]['answer']]>;

/**
 * seguraApiRequest, then the answer read the way the endpoint table says; `what` names the caller
 * in an error about the answer's shape.
 */
export async function seguraCall<E extends Endpoint>(
	context: SeguraContext,
	request: Omit<SeguraRequest, 'endpoint'> & { endpoint: E },
	what: string,
): Promise<AnswerOf<E>> {
	const answer = await seguraApiRequest.call(context, request);
	const schema = ANSWER_SCHEMAS[ENDPOINTS[request.endpoint].answer];
	return parseAnswer(context.getNode(), schema, answer, what, request.itemIndex) as AnswerOf<E>;
}
