import { explainAnswer } from './errorCatalogue';
import type { SeguraFailure } from './errorFactories';
import { excerpt } from './redaction';

/** Reads Segura's message from an error body: response.message, then response.mensagem, then detail. */
function messageFromBody(body: unknown): string | undefined {
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
			description: explainAnswer(status),
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
			return {
				message: `Segura answered HTTP ${status} with a body that is not JSON: "${excerpt(trimmed)}"`,
				description: explainAnswer(status),
				httpCode: status,
			};
		}
		body = parsed;
	}
	const segurasMessage = messageFromBody(body);
	return {
		message: segurasMessage ?? `Segura answered HTTP ${status} without a message`,
		description: explainAnswer(status, segurasMessage),
		httpCode: status,
	};
}
