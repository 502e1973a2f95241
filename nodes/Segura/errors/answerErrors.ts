import { explainAnswer, lookUpDocumentedError } from './errorCatalogue';
import type { SeguraFailure } from './errorFactories';
import { excerpt } from './redaction';

type Fields = Record<string, unknown>;

const asRecord = (value: unknown): Fields | undefined =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;

/** The texts of an error body, in the order Segura's message is read from them. */
function textsOf(body: unknown): string[] {
	const record = asRecord(body);
	if (!record) return [];
	const envelope = asRecord(record.response) ?? {};
	return [
		envelope.message,
		envelope.mensagem,
		envelope.Message,
		envelope.detail,
		asRecord(record.exception)?.message,
		record.error_description,
		record.message,
		record.detail,
		record.error,
	]
		.filter((value): value is string => typeof value === 'string' && value.trim() !== '')
		.map((value) => value.trim());
}

/** Reads Segura's message from an error body: response.message, then response.mensagem, then detail. */
const messageFromBody = (body: unknown): string | undefined => textsOf(body)[0];

/** A JSON text body parsed, any other body as it is. */
function parsed(body: unknown): unknown {
	if (typeof body !== 'string' || !body.trim().startsWith('{')) return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

/** Whether the body is Segura's: its envelope, a numbered exception, or a message Segura documents. */
export function isSeguraAnswer(body: unknown): boolean {
	const record = asRecord(parsed(body));
	if (!record) return false;
	if (asRecord(record.response) || asRecord(record.exception)) return true;
	const message = messageFromBody(record);
	return message !== undefined && lookUpDocumentedError(message) !== undefined && !NO_ROUTE.test(message);
}

// The Kong gateway's stock answer for a path it does not route.
const NO_ROUTE = /^no route matched with those values\.?$/i;

/**
 * A 404 from the gateway rather than from Segura: its stock "no Route matched" body, or any 404
 * without Segura's envelope or message. Nothing was done; the path is not served.
 */
export function isRouteMiss(status: number, body: unknown): boolean {
	if (status !== 404) return false;
	const message = messageFromBody(asRecord(parsed(body)));
	return (message !== undefined && NO_ROUTE.test(message)) || !isSeguraAnswer(body);
}

const TOKEN_REFUSED =
	/client authentication failed|invalid[ _-]?(access[ _-]?)?token|(access[ _-]?)?token (is )?(expired|invalid|revoked)|expired[ _-]?token|invalid[ _-]?client/i;

/** A 403 whose body says the client or its token was not accepted (not a missing permission). */
export function isTokenRefusal(status: number, body: unknown): boolean {
	return status === 403 && textsOf(parsed(body)).some((text) => TOKEN_REFUSED.test(text));
}

/** Turns an HTTP answer that Segura marked as failed (status or response.error) into the node's words. */
export function failureFromAnswer(status: number, body: unknown): SeguraFailure {
	if (typeof body === 'string' && body.trim() === '') {
		return {
			message: `Segura answered HTTP ${status} with an empty body`,
			description: explainAnswer(status),
			httpCode: status,
		};
	}
	const value = parsed(body);
	if (typeof value === 'string') {
		return {
			message: `Segura answered HTTP ${status} with a body that is not JSON: "${excerpt(value.trim())}"`,
			description: explainAnswer(status),
			httpCode: status,
		};
	}
	const segurasMessage = messageFromBody(value);
	return {
		message: segurasMessage ?? `Segura answered HTTP ${status} without a message`,
		description: explainAnswer(status, segurasMessage, asRecord(asRecord(value)?.exception)?.code),
		httpCode: status,
	};
}
