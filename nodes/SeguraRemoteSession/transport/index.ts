import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { failureFromAnswer } from '../helpers/answerErrors';
import { seguraApiError, type SeguraFailure } from '../helpers/errorFactories';
import { findErrorCode, networkFailure } from '../helpers/networkErrors';
import { buildUrl, type Endpoint } from './urls';

export const CREDENTIAL_TYPE = 'seguraOAuth2Api';

const METHODS: Record<Endpoint, IHttpRequestMethods> = {
	createSession: 'POST',
	getSession: 'GET',
	listSessions: 'GET',
	dropSession: 'DELETE',
};

interface RetryPolicy {
	/** Attempts after the first one. */
	retries: number;
	/** First backoff in ms; doubles each attempt, capped at maxDelayMs. */
	baseDelayMs: number;
	maxDelayMs: number;
}

/** Reads are retried on answers that mean "try again"; creates and drops never are. */
export const READ_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000 };
const RETRYABLE_STATUSES = [429, 502, 503];

interface SeguraRequest {
	endpoint: Endpoint;
	itemIndex: number;
	/** Path parameter: the numeric id or the session hash. */
	id?: string;
	body?: IDataObject;
	/** Per-request timeout in ms; 0 or undefined keeps n8n's default. */
	timeoutMs?: number;
	/** Overrides the retry policy; only idempotent reads may set one. */
	retry?: RetryPolicy;
}

interface Attempt {
	ok: boolean;
	body?: unknown;
	failure?: SeguraFailure;
	/** Whether the failure may be retried (status 429/502/503 or a dropped connection). */
	retryable?: boolean;
	retryAfterMs?: number;
}

function retryAfterMs(headers: unknown): number | undefined {
	const value = (headers as Record<string, unknown> | undefined)?.['retry-after'];
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function judgeAnswer(status: number, body: unknown): Attempt {
	if (status < 200 || status >= 300) {
		return { ok: false, failure: failureFromAnswer(status, body), retryable: RETRYABLE_STATUSES.includes(status) };
	}
	if (typeof body === 'string' || body === undefined || body === null) {
		return { ok: false, failure: failureFromAnswer(status, body ?? '') };
	}
	const envelope = (body as IDataObject | undefined)?.response as IDataObject | undefined;
	// Segura sometimes answers 200 and reports the failure only in the body.
	if (envelope && (envelope.error === true || envelope.erro === true)) {
		return { ok: false, failure: failureFromAnswer(Number(envelope.status) || status, body) };
	}
	return { ok: true, body };
}

function judgeError(error: unknown): Attempt {
	// httpRequestWithAuthentication wraps the HTTP client's error; the answer, if any, is on the cause.
	const chain: Array<Record<string, unknown>> = [];
	let current = error as Record<string, unknown> | undefined;
	for (let depth = 0; current && depth < 6; depth++) {
		chain.push(current);
		current = (current.cause ?? undefined) as Record<string, unknown> | undefined;
	}
	const withResponse = chain.find(
		(entry) => entry.response && typeof (entry.response as IDataObject).status === 'number',
	);
	if (withResponse) {
		const response = withResponse.response as { status: number; data?: unknown; headers?: unknown };
		return { ...judgeAnswer(response.status, response.data), retryAfterMs: retryAfterMs(response.headers) };
	}
	const message = chain.map((entry) => String(entry.message ?? '')).join(' ');
	// The token endpoint's own refusal (client-oauth2's AuthError, code EAUTH) or other status
	// (ResponseError, code ESTATUS). n8n wraps a first fetch in "Failed to acquire OAuth2 access
	// token", but not the renewal after a 401, so both are looked for.
	const tokenAnswer = chain.find((entry) => entry.code === 'EAUTH' || entry.code === 'ESTATUS');
	if (tokenAnswer || /Failed to acquire OAuth2 access token/i.test(message)) {
		const code = findErrorCode(error);
		if (code) return { ok: false, failure: networkFailure(code), retryable: false };
		const status = Number(tokenAnswer?.status);
		// A 429 or 4xx page is reported as what it is; a 2xx body is never echoed (it may hold a token).
		if (tokenAnswer?.code === 'ESTATUS' && status >= 400) {
			return { ok: false, failure: failureFromAnswer(status, tokenAnswer.body) };
		}
		return {
			ok: false,
			failure: {
				message: 'Segura did not issue an access token (Client authentication failed.)',
				description:
					'The token request to {Base URL}/iso/oauth2/token was refused. Check Base URL, Client ID, Client Secret and Client Authentication (body or Basic header) in the Segura OAuth2 API credential, and that the A2A application uses OAuth 2.0.',
			},
		};
	}
	const code = findErrorCode(error);
	if (code) {
		// A dropped connection is worth another try; refused, unresolvable or untrusted hosts are not.
		return { ok: false, failure: networkFailure(code), retryable: code === 'ECONNRESET' };
	}
	return {
		ok: false,
		failure: {
			message: 'The request to Segura failed before an answer arrived',
			description: 'Check the Base URL in the credential and the network between n8n and Segura.',
		},
	};
}

// One credential read per execution: n8n decrypts and resolves the credential on every
// getCredentials call, which costs more than the request itself on a fast appliance.
const credentialsByExecution = new WeakMap<IExecuteFunctions, Promise<ICredentialDataDecryptedObject>>();

async function credentialsOf(context: IExecuteFunctions, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
	let pending = credentialsByExecution.get(context);
	if (!pending) {
		pending = context.getCredentials(CREDENTIAL_TYPE, itemIndex);
		credentialsByExecution.set(context, pending);
		// A failed read is not remembered: the next item tries again and reports its own error.
		pending.catch(() => credentialsByExecution.delete(context));
	}
	return await pending;
}

/**
 * The one place the node talks HTTP. Authentication (token fetch, storage, renewal on 401) is
 * n8n's, through httpRequestWithAuthentication and the Segura OAuth2 API credential.
 * Returns the parsed JSON body of a successful answer; any failure is a NodeApiError.
 */
export async function seguraApiRequest(this: IExecuteFunctions, request: SeguraRequest): Promise<IDataObject> {
	const credentials = await credentialsOf(this, request.itemIndex);
	const options: IHttpRequestOptions = {
		method: METHODS[request.endpoint],
		url: buildUrl(credentials.baseUrl, credentials.apiPaths, request.endpoint, request.id),
		headers: { Accept: 'application/json' },
		json: true,
		returnFullResponse: true,
		// n8n applies ignoreSSLIssues to the token call only; API calls need it spelled out.
		skipSslCertificateValidation: credentials.ignoreSSLIssues === true,
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.timeoutMs && request.timeoutMs > 0) options.timeout = request.timeoutMs;

	const policy = request.retry;
	for (let attempt = 0; ; attempt++) {
		let outcome: Attempt;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
			outcome = judgeAnswer(response.statusCode, response.body);
		} catch (error) {
			outcome = judgeError(error);
		}
		if (outcome.ok) return (outcome.body ?? {}) as IDataObject;
		if (!policy || !outcome.retryable || attempt >= policy.retries) {
			throw seguraApiError(this.getNode(), outcome.failure as SeguraFailure, request.itemIndex);
		}
		const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
		await sleep(Math.min(policy.maxDelayMs, outcome.retryAfterMs ?? backoff));
	}
}
