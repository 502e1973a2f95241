import type { IDataObject } from 'n8n-workflow';

import { failureFromAnswer, isRouteMiss, isSeguraAnswer, isTokenRefusal } from '../errors/answerErrors';
import type { SeguraFailure } from '../errors/errorFactories';
import { BROKEN_ANSWER, causeChain, findErrorCode, networkFailure, ssrfFailure } from '../errors/networkErrors';

/** What one request came to. */
export interface Attempt {
	ok: boolean;
	body?: unknown;
	failure?: SeguraFailure;
	/** Whether the failure may be retried (status 429/502/503 or a dropped connection). */
	retryable?: boolean;
	retryAfterMs?: number;
	/** A 404 from the gateway, not from Segura: the path is not served and nothing was done. */
	routeMiss?: boolean;
	/** Segura itself answered (success, its envelope or message, or an authentication refusal). */
	fromSegura?: boolean;
	/** A 403 that says the client or its token was not accepted. */
	tokenRefused?: boolean;
	/** The path template the request went to. */
	path?: string;
	/** The failure was the token request's (n8n fetching the access token), not the API call's. */
	tokenRequest?: boolean;
	/** The HTTP status of the answer, when there was one. */
	status?: number;
	/** The request went out and no answer came back (dropped, timed out): it may have been carried out. */
	noAnswer?: boolean;
}

/** Network failures after which the request may have reached Segura and been carried out. */
const NO_ANSWER_CODES = ['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'EPIPE'];

const RETRYABLE_STATUSES = [429, 502, 503];

function retryAfterMs(headers: unknown): number | undefined {
	const value = (headers as Record<string, unknown> | undefined)?.['retry-after'];
	// Number() would read null and '' as 0 seconds (undefined is NaN, handled below).
	if (value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

export function judgeAnswer(status: number, body: unknown): Attempt {
	if (status < 200 || status >= 300) {
		return {
			ok: false,
			failure: failureFromAnswer(status, body),
			retryable: RETRYABLE_STATUSES.includes(status),
			routeMiss: isRouteMiss(status, body),
			fromSegura: status === 401 || status === 403 || isSeguraAnswer(body),
			tokenRefused: isTokenRefusal(status, body),
			status,
		};
	}
	if (typeof body === 'string' || body === undefined || body === null) {
		return { ok: false, failure: failureFromAnswer(status, body ?? '') };
	}
	const envelope = (body as IDataObject | undefined)?.response as IDataObject | undefined;
	// Segura sometimes answers 200 and reports the failure only in the body.
	if (envelope && (envelope.error === true || envelope.erro === true)) {
		return { ok: false, failure: failureFromAnswer(Number(envelope.status) || status, body), fromSegura: true };
	}
	return { ok: true, body, fromSegura: true };
}

/** What a full HTTP answer came to (the status, the body, and a Retry-After to honour). */
export function judgeResponse(response: { statusCode: number; body: unknown; headers?: unknown }): Attempt {
	const outcome = judgeAnswer(response.statusCode, response.body);
	return outcome.ok ? outcome : { ...outcome, retryAfterMs: retryAfterMs(response.headers) };
}

const TOKEN_REFUSED: SeguraFailure = {
	message: 'Segura did not issue an access token (Client authentication failed.)',
	description:
		'The token request was refused. Check Base URL, Client ID, Client Secret and Client Authentication (body or Basic header) in the Segura OAuth2 API credential, and that the A2A application uses OAuth 2.0.',
};

/**
 * What a thrown request error came to: an HTTP answer on its cause chain, a token refusal, or a
 * network failure. `answersComeBack`: the request took every answer as it came (n8n 1.x), so an
 * HTTP status that was thrown anyway is the token endpoint's.
 */
export function judgeError(error: unknown, { answersComeBack = false } = {}): Attempt {
	// httpRequestWithAuthentication wraps the HTTP client's error; the answer, if any, is on the cause.
	const chain = causeChain(error);
	// The answer began and broke off (the HTTP client's "stream has been aborted", which carries the
	// status that came): what Segura did cannot be read, so it may have been done.
	if (chain.some((entry) => /stream has been aborted/i.test(String(entry.message ?? '')))) {
		return { ok: false, failure: BROKEN_ANSWER, retryable: true, noAnswer: true };
	}
	const withResponse = chain.find(
		(entry) => entry.response && typeof (entry.response as IDataObject).status === 'number',
	);
	if (withResponse && answersComeBack) {
		const response = withResponse.response as { status: number; data?: unknown };
		chain.push({ code: 'ESTATUS', status: response.status, body: response.data });
	} else if (withResponse) {
		const response = withResponse.response as { status: number; data?: unknown; headers?: unknown };
		return { ...judgeAnswer(response.status, response.data), retryAfterMs: retryAfterMs(response.headers) };
	}
	// n8n refused to send it at all (its SSRF protection): before any token or network reading.
	const blocked = ssrfFailure(error);
	if (blocked) return { ok: false, failure: blocked, retryable: false };
	const message = chain.map((entry) => String(entry.message ?? '')).join(' ');
	// The token endpoint's own refusal (client-oauth2's AuthError, code EAUTH) or other status
	// (ResponseError, code ESTATUS). n8n wraps a first fetch in "Failed to acquire OAuth2 access
	// token", but not the renewal after a 401, so both are looked for.
	const tokenAnswer = chain.find((entry) => entry.code === 'EAUTH' || entry.code === 'ESTATUS');
	// n8n 1.x: whatever else failed before an answer came back (an unreadable token answer, say).
	const tokenStep = answersComeBack && !findErrorCode(error);
	if (tokenAnswer || tokenStep || /Failed to acquire OAuth2 access token/i.test(message)) {
		const code = findErrorCode(error);
		if (code) return { ok: false, failure: networkFailure(code), retryable: false, tokenRequest: true };
		const status = Number(tokenAnswer?.status);
		// A 429 or 4xx page is reported as what it is; a 2xx body is never echoed (it may hold a token).
		if (tokenAnswer?.code === 'ESTATUS' && status >= 400) {
			return { ok: false, failure: failureFromAnswer(status, tokenAnswer.body), tokenRequest: true };
		}
		return { ok: false, failure: TOKEN_REFUSED, tokenRequest: true };
	}
	const code = findErrorCode(error);
	if (code) {
		// A dropped connection is worth another try; refused, unresolvable or untrusted hosts are not.
		return { ok: false, failure: networkFailure(code), retryable: code === 'ECONNRESET', noAnswer: NO_ANSWER_CODES.includes(code) };
	}
	return {
		ok: false,
		failure: {
			message: 'The request to Segura failed before an answer arrived',
			description: 'Check the Base URL in the credential and the network between n8n and Segura.',
		},
	};
}
