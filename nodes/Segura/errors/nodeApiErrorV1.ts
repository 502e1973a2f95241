import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

type ErrorRecord = Record<string, unknown>;

const TOKEN_STATUS_MESSAGE = /^HTTP status (\d{3})$/;

/**
 * n8n-workflow 1.x's NodeApiError drops the error it wraps (a class field resets `cause`) and keeps
 * only what it copied: the status (`httpCode`), a JSON body (`context.data`) and the original
 * messages (`messages`). This rebuilds that as the cause 2.x would have kept, so one reading serves
 * both lines. The token endpoint's errors (client-oauth2) leave their own marks: code EAUTH in
 * `httpCode`, or the message "HTTP status N". Headers and non-JSON bodies are gone in 1.x.
 */
export function causeKeptByNodeApiErrorV1(record: ErrorRecord): ErrorRecord | undefined {
	if (record.cause !== undefined || !Array.isArray(record.messages) || !('httpCode' in record)) return undefined;
	const messages = record.messages.filter((entry): entry is string => typeof entry === 'string');
	const message = messages.join(' ');
	const httpCode = String(record.httpCode ?? '');
	if (httpCode === 'EAUTH' || httpCode === 'ESTATUS') return { code: httpCode, message };
	const tokenStatus = messages.map((entry) => TOKEN_STATUS_MESSAGE.exec(entry)).find(Boolean);
	if (tokenStatus) return { code: 'ESTATUS', status: Number(tokenStatus[1]), message };
	if (/^\d{3}$/.test(httpCode)) {
		const data = (record.context as ErrorRecord | undefined)?.data;
		return { response: { status: Number(httpCode), data }, message };
	}
	return messages.length ? { message } : undefined;
}

/**
 * Whether this n8n's NodeApiError keeps the error it wraps (n8n-workflow 2.x) or drops it (1.x).
 * Asked once, of the NodeApiError class n8n actually loaded.
 */
export const nodeApiErrorKeepsCause: boolean = (() => {
	const probe = new Error('probe');
	const node = { id: 'probe', name: 'probe', type: 'probe', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	return new NodeApiError(node, probe as unknown as JsonObject).cause === probe;
})();
