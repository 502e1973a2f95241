import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What the Segura documentation says about one error message: why it happens and what to do. */
interface DocumentedError {
	cause: string;
	fix: string;
}

const CLIENT_AUTHENTICATION_FAILED: DocumentedError = {
	cause:
		'The A2A application was not accepted: wrong Client ID or Client Secret, a disabled application, or an access token that expired or was revoked.',
	fix: 'Check Base URL, Client ID and Client Secret in the Segura OAuth2 API credential (Segura: A2A > Applications), then run the node again so n8n requests a new access token.',
};

/**
 * Every error message the Segura API documentation lists, keyed by the message in lower case
 * without its final period (the vendor's pages disagree on the period).
 */
export const DOCUMENTED_ERRORS: Readonly<Record<string, DocumentedError>> = {
	'username not specified': {
		cause: 'The request carried no user for the session.',
		fix: 'Fill in the User field with a user registered in Segura and run the node again.',
	},
	'credential not specified': {
		cause:
			'This Segura version needs an explicit credential: it does not choose one automatically.',
		fix: 'Fill in the Credential field with the username of a credential registered for the device.',
	},
	'credential device not specified': {
		cause:
			'The request carried no device, or a domain credential was used without a remote device.',
		fix: 'Fill in the Device field (hostname or IP); for a domain credential also set Additional Fields > Remote Device.',
	},
	'invalid protocol': {
		cause: 'The protocol is missing or is not one Segura accepts for this device.',
		fix: 'Choose a protocol the device offers in Segura (SSH, RDP, HTTPS, ...) in the Protocol field.',
	},
	'resource sub not found': {
		cause:
			'Segura does not know what was asked for: an unknown user, device, credential or session id, or a URL the appliance does not serve.',
		fix: 'Check the values sent, the Base URL and the API Paths setting (A2A or PAM Core) of the credential.',
	},
	'session.no_available_credential': {
		cause:
			'Automatic credential selection found no free credential on the device: every eligible credential is in a session, or the A2A authorization covers no username/password credential of this device.',
		fix: 'End a session that holds a credential of this device, name a credential explicitly, or give the A2A authorization access to more credentials.',
	},
	'unexpected error': {
		cause: 'The Segura appliance failed while handling the request.',
		fix: 'Try again later; if it persists, contact Segura support with the time of the request.',
	},
	'you are not authorized to access this resource': {
		cause:
			'The A2A authorization of this application lacks the Web Proxy Session permission.',
		fix: 'Ask a Segura administrator to grant the A2A authorization access with read and write permission to Web Proxy Session.',
	},
	'client authentication failed': CLIENT_AUTHENTICATION_FAILED,
	'invalid signature': {
		cause:
			'The appliance expected an OAuth 1.0 signed request (HMAC-SHA1): the A2A application is not an OAuth 2.0 application.',
		fix: 'Use an A2A application with OAuth 2.0 authentication and paste its Client ID and Client Secret into the credential.',
	},
	'no route matched with those values': {
		cause: 'The request reached the appliance without an Authorization header.',
		fix: 'Save the Segura OAuth2 API credential again so n8n requests a new access token, and check that no proxy strips the Authorization header.',
	},
	'request timed out': {
		cause: 'The appliance did not answer in time.',
		fix: 'Check connectivity between n8n and the Segura appliance; raise the Timeout option if the appliance is slow.',
	},
	'an error occurred while droping session': {
		cause: 'Segura could not drop the session: it has already ended, or no session has this session_id.',
		fix: 'Check the session hash (session_id, not the numeric id); turn on "Ignore If Already Ended" if an ended session is fine.',
	},
};

/** Documented cause and fix for a Segura message, or undefined when the docs do not list it. */
export function lookUpDocumentedError(message: string): DocumentedError | undefined {
	const key = message.trim().replace(/\.+$/, '').toLowerCase();
	return DOCUMENTED_ERRORS[key];
}

function describe(entry: DocumentedError): string {
	return `${entry.cause} ${entry.fix}`;
}

/** What the node says when Segura did not name the problem itself. */
const STATUS_FALLBACKS: Record<number, DocumentedError> = {
	400: { cause: 'Segura rejected the request as malformed.', fix: 'Check the values sent.' },
	401: CLIENT_AUTHENTICATION_FAILED,
	403: {
		cause: 'Segura refused the request.',
		fix: 'Check the A2A authorization of the application (Web Proxy Session permission).',
	},
	404: DOCUMENTED_ERRORS['resource sub not found'],
	408: DOCUMENTED_ERRORS['request timed out'],
	409: { cause: 'The request conflicts with the state of Segura.', fix: 'Check the session or credential involved.' },
	429: {
		cause: 'The appliance, or a proxy in front of it, is limiting the request rate.',
		fix: 'Wait and run again, or lower the Concurrency option.',
	},
	502: {
		cause: 'A reverse proxy in front of Segura could not reach the appliance.',
		fix: 'Check that the appliance is up and the Base URL is right; try again later.',
	},
	503: {
		cause: 'The appliance, or a proxy in front of it, is temporarily unavailable.',
		fix: 'Try again later.',
	},
	504: DOCUMENTED_ERRORS['request timed out'],
};

const NOT_SEGURA: DocumentedError = {
	cause: 'The answer is not what a Segura appliance sends: the Base URL may point at a login page, a proxy or another server.',
	fix: 'Check Base URL and API Paths in the Segura OAuth2 API credential.',
};

function fallbackFor(status: number): DocumentedError {
	if (status >= 200 && status < 300) return NOT_SEGURA;
	return (
		STATUS_FALLBACKS[status] ??
		(status >= 500
			? DOCUMENTED_ERRORS['unexpected error']
			: { cause: `Segura answered HTTP ${status}.`, fix: 'Check the values sent and the credential.' })
	);
}

// A truncated success body may still carry secrets: their values never reach an excerpt.
const SECRET_VALUES = /("(?:token|access_token|refresh_token|client_secret|session_url)"\s*:\s*)"[^"]*"?|([?&]_sr=)[^&\s"']*/gi;

/** A short, single-line excerpt of a body that is not JSON (an HTML error page, say). */
export function excerpt(text: string, max = 120): string {
	const flat = text
		.replace(SECRET_VALUES, (_match, key: string | undefined, param: string | undefined) => `${key ?? param}[redacted]`)
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export interface SeguraFailure {
	/** Segura's own message, or the node's summary when Segura gave none. */
	message: string;
	/** Documented cause and fix. */
	description: string;
	httpCode?: number;
}

/** Reads Segura's message from an error body: response.message, then response.mensagem, then detail. */
export function messageFromBody(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const envelope = (record.response ?? {}) as Record<string, unknown>;
	const candidates = [
		envelope.message,
		envelope.mensagem,
		envelope.Message,
		envelope.detail,
		record.error_description,
		record.message,
		record.detail,
		typeof record.error === 'string' ? record.error : undefined,
	];
	const found = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
	return typeof found === 'string' ? found.trim() : undefined;
}

/** Turns an HTTP answer that Segura marked as failed (status or response.error) into the node's words. */
export function failureFromAnswer(status: number, body: unknown): SeguraFailure {
	if (typeof body === 'string' && body.trim() === '') {
		return {
			message: `Segura answered HTTP ${status} with an empty body`,
			description: describe(fallbackFor(status)),
			httpCode: status,
		};
	}
	if (typeof body === 'string') {
		const trimmed = body.trim();
		let parsed: unknown;
		if (trimmed.startsWith('{')) {
			try {
				parsed = JSON.parse(trimmed);
			} catch {
				parsed = undefined;
			}
		}
		if (parsed === undefined) {
			const entry = fallbackFor(status);
			return {
				message: `Segura answered HTTP ${status} with a body that is not JSON: "${excerpt(trimmed)}"`,
				description: describe(entry),
				httpCode: status,
			};
		}
		body = parsed;
	}
	const segurasMessage = messageFromBody(body);
	const entry = (segurasMessage && lookUpDocumentedError(segurasMessage)) || fallbackFor(status);
	return {
		message: segurasMessage ?? `Segura answered HTTP ${status} without a message`,
		description: describe(entry),
		httpCode: status,
	};
}

/** Network-level failures (no HTTP answer at all), by Node's error code. */
const NETWORK_FAILURES: Record<string, SeguraFailure> = {
	ECONNREFUSED: {
		message: 'Connection to the Segura appliance was refused',
		description: 'Nothing answered at the Base URL. Check the host and port of the Base URL in the credential and that the appliance is up.',
	},
	ENOTFOUND: {
		message: 'The Segura appliance host name could not be resolved',
		description: 'Check the host name in the Base URL of the credential.',
	},
	ECONNRESET: {
		message: 'The connection to the Segura appliance was dropped before it answered',
		description: 'The appliance or a proxy closed the connection. Try again; if it persists, check the network between n8n and Segura.',
	},
	ECONNABORTED: {
		message: 'Segura did not answer within the timeout',
		description: DOCUMENTED_ERRORS['request timed out'].fix,
	},
	ETIMEDOUT: {
		message: 'Segura did not answer within the timeout',
		description: DOCUMENTED_ERRORS['request timed out'].fix,
	},
};

const TLS_CODES = [
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
];

export function tlsFailure(code: string): SeguraFailure {
	return {
		message: `The Segura appliance's TLS certificate was not accepted (${code})`,
		description:
			'The appliance presents a certificate n8n cannot verify (self-signed, reached by IP, or expired). Best: make n8n trust the appliance CA (NODE_EXTRA_CA_CERTS). Otherwise turn on "Ignore SSL Issues (Insecure)" in the Segura OAuth2 API credential.',
	};
}

/** Finds a Node or TLS error code anywhere in an error's cause chain or message. */
export function findErrorCode(error: unknown): string | undefined {
	const known = [...Object.keys(NETWORK_FAILURES), ...TLS_CODES, 'ECONNABORTED', 'ERR_CANCELED'];
	let current: unknown = error;
	for (let depth = 0; current && depth < 6; depth++) {
		const record = current as Record<string, unknown>;
		if (typeof record.code === 'string' && known.includes(record.code)) return record.code;
		if (typeof record.message === 'string') {
			const inMessage = known.find((code) => (record.message as string).includes(code));
			if (inMessage) return inMessage;
			if (/self[- ]signed certificate/i.test(record.message)) return 'DEPTH_ZERO_SELF_SIGNED_CERT';
			if (/socket hang up/i.test(record.message)) return 'ECONNRESET';
			if (/timeout of \d+ms exceeded/i.test(record.message)) return 'ECONNABORTED';
		}
		current = record.cause ?? record.reason;
	}
	return undefined;
}

export function networkFailure(code: string): SeguraFailure {
	if (TLS_CODES.includes(code)) return tlsFailure(code);
	return NETWORK_FAILURES[code] ?? NETWORK_FAILURES.ECONNRESET;
}

/**
 * The one way the node reports a Segura failure: a NodeApiError built from a plain object, so
 * nothing of the original HTTP error (request headers with the bearer token, say) travels with it.
 */
export function seguraApiError(node: INode, failure: SeguraFailure, itemIndex: number): NodeApiError {
	const plain: JsonObject = { message: failure.message, description: failure.description };
	if (failure.httpCode !== undefined) plain.httpCode = String(failure.httpCode);
	return new NodeApiError(node, plain, {
		message: failure.message,
		description: failure.description,
		httpCode: failure.httpCode !== undefined ? String(failure.httpCode) : undefined,
		itemIndex,
	});
}

/** Errors the node raised itself pass through; anything else is wrapped so n8n shows it properly. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}
