import type { IDataObject, INode } from 'n8n-workflow';
import { z } from 'zod/v3';

import { seguraApiError } from './errorFactories';

/**
 * Response schemas. They are tolerant (unknown keys pass through, optional fields may be missing
 * or null) but insist on what the node hands on; an answer without it is an error, not an empty item.
 */
/** A value of Segura's answer as text: the appliance writes some of them as numbers. */
const answerText = z.union([z.string(), z.number()]).transform(String);
const optionalAnswerText = answerText.nullish();

export const createdSessionSchema = z
	.object({
		session: z
			.object({
				session_url: z.string().min(1),
				token: z.string().min(1).optional(),
				selection_mode: z.string().optional(),
			})
			.passthrough(),
	})
	.passthrough();

const remoteSessionSchema = z
	.object({
		id: answerText,
		user: optionalAnswerText,
		origin_ip: optionalAnswerText,
		credential: optionalAnswerText,
		device: optionalAnswerText,
		protocol: optionalAnswerText,
		proxy: optionalAnswerText,
		session_id: optionalAnswerText,
		start: optionalAnswerText,
		end: optionalAnswerText,
		time: optionalAnswerText,
		prevent_purge: optionalAnswerText,
		request: z.unknown().optional(),
		ITSM: z.unknown().optional(),
	})
	.passthrough();

export type RemoteSession = z.output<typeof remoteSessionSchema>;

// Older versions answer some keys in Portuguese.
const PORTUGUESE_KEYS: Record<string, string> = {
	credencial: 'credential',
	dispositivo: 'device',
	usuario: 'user',
	protocolo: 'protocol',
	inicio: 'start',
	fim: 'end',
	tempo: 'time',
};

function toEnglishKeys(raw: unknown): unknown {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
		const english = PORTUGUESE_KEYS[key];
		if (english) {
			if (!(english in (raw as Record<string, unknown>))) out[english] = value;
		} else {
			out[key] = value;
		}
	}
	return out;
}

const sessionListSchema = z.array(z.preprocess(toEnglishKeys, remoteSessionSchema));

/** Get answers `remote_session` (an array, despite the name); the docs' table says `remote_sessions`. */
export const remoteSessionsAnswerSchema = z
	.object({
		remote_session: z.unknown().optional(),
		remote_sessions: z.unknown().optional(),
	})
	.passthrough()
	.transform((answer, context) => {
		const raw = answer.remote_sessions ?? answer.remote_session;
		if (raw === undefined || raw === null) {
			context.addIssue({ code: z.ZodIssueCode.custom, message: 'has neither remote_session nor remote_sessions' });
			return z.NEVER;
		}
		const list = Array.isArray(raw) ? raw : [raw];
		const parsed = sessionListSchema.safeParse(list);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			context.addIssue({
				code: z.ZodIssueCode.custom,
				message: `has a remote session whose ${issue.path.slice(1).join('.') || 'value'} ${issue.message.toLowerCase()}`,
			});
			return z.NEVER;
		}
		return parsed.data;
	});

/**
 * Parses an answer with a schema; an answer of another shape is a NodeApiError that says which
 * operation got what, without echoing the body (it may hold a session token).
 */
export function parseAnswer<Schema extends z.ZodTypeAny>(
	node: INode,
	schema: Schema,
	body: IDataObject,
	what: string,
	itemIndex: number,
): z.output<Schema> {
	const result = schema.safeParse(body);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const where = issue.path.length ? `${issue.path.join('.')} ` : '';
	return (() => {
		throw seguraApiError(
			node,
			{
				message: `Segura's answer to ${what} does not have the documented shape: ${where}${issue.message.toLowerCase()}`,
				description: `Keys received: ${Object.keys(body ?? {}).join(', ') || 'none'}. Check that the Base URL and API Paths of the credential point at a Segura appliance; if they do, this Segura version answers differently from its documentation: please report it with the version number.`,
			},
			itemIndex,
		);
	})();
}
