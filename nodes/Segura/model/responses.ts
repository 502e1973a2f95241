import type { IDataObject, INode } from 'n8n-workflow';
import { z } from 'zod/v3';

import { seguraApiError } from '../errors/errorFactories';

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

/** The session fields the node reads as text (the appliance writes some of them as numbers). */
const SESSION_TEXT_KEYS = [
	'user',
	'origin_ip',
	'credential',
	'device',
	'protocol',
	'proxy',
	'session_id',
	'start',
	'end',
	'time',
	'prevent_purge',
] as const;

const remoteSessionSchema = z
	.object({
		id: answerText,
		...(Object.fromEntries(SESSION_TEXT_KEYS.map((key) => [key, optionalAnswerText])) as Record<
			(typeof SESSION_TEXT_KEYS)[number],
			typeof optionalAnswerText
		>),
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

function hasPortugueseKey(record: Record<string, unknown>): boolean {
	for (const key in record) if (Object.prototype.hasOwnProperty.call(PORTUGUESE_KEYS, key)) return true;
	return false;
}

const PLAIN_SESSION_KEYS = ['id', ...SESSION_TEXT_KEYS];

/**
 * What a schema of text fields (`keys`, `id` required) makes of a record, without zod's per-object
 * cost (a list of 100,000 records parses in well under a second); undefined for anything the schema
 * must judge. The answer's own object is kept when nothing in it changes.
 */
function plainRecord<T>(raw: unknown, keys: readonly string[], prepare: (record: Record<string, unknown>) => Record<string, unknown>): T | undefined {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const answered = prepare(raw as Record<string, unknown>);
	let record = answered;
	for (const key of keys) {
		const value = record[key];
		if (typeof value === 'number') {
			if (record === answered) record = { ...answered };
			record[key] = String(value);
		} else if (typeof value !== 'string' && (key === 'id' || value != null)) return undefined;
	}
	return record as T;
}

/** Each record of a list: the plain ones directly, any other through the schema, which names the field. */
function parseRecords<T>(
	list: unknown[],
	keys: readonly string[],
	schema: z.ZodType<T, z.ZodTypeDef, unknown>,
	prepare: (record: Record<string, unknown>) => Record<string, unknown> = (record) => record,
): { records: T[] } | { issue: z.ZodIssue } {
	const records: T[] = [];
	for (const raw of list) {
		const plain = plainRecord<T>(raw, keys, prepare);
		if (plain) {
			records.push(plain);
			continue;
		}
		const parsed = schema.safeParse(raw && typeof raw === 'object' && !Array.isArray(raw) ? prepare(raw as Record<string, unknown>) : raw);
		if (!parsed.success) return { issue: parsed.error.issues[0] };
		records.push(parsed.data);
	}
	return { records };
}

const englishKeys = (record: Record<string, unknown>) => (hasPortugueseKey(record) ? (toEnglishKeys(record) as Record<string, unknown>) : record);

/** Each session of a list (older versions' Portuguese keys in English). */
function parseSessionList(list: unknown[]): { sessions: RemoteSession[] } | { issue: z.ZodIssue } {
	const parsed = parseRecords(list, PLAIN_SESSION_KEYS, remoteSessionSchema, englishKeys);
	return 'issue' in parsed ? parsed : { sessions: parsed.records };
}

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
		const parsed = parseSessionList(list);
		if ('issue' in parsed) {
			context.addIssue({
				code: z.ZodIssueCode.custom,
				// parseAnswer puts the whole message in lower case.
				message: `has a remote session whose ${parsed.issue.path.join('.') || 'value'} ${parsed.issue.message}`,
			});
			return z.NEVER;
		}
		return parsed.sessions;
	});

const DEVICE_TEXT_KEYS = ['id', 'hostname', 'ip', 'site'] as const;

/** A device of Segura's device list: ids as text, the rest as the version writes it. */
const deviceSchema = z
	.object({ id: answerText, hostname: optionalAnswerText, ip: optionalAnswerText, site: optionalAnswerText })
	.passthrough();

export type Device = z.output<typeof deviceSchema>;

/** One device as Segura's device page shows it: the list's fields, plus how it is reached. */
const deviceDetailSchema = deviceSchema.extend({ connectivities: optionalAnswerText });

export type DeviceDetail = z.output<typeof deviceDetailSchema>;

const CREDENTIAL_TEXT_KEYS = ['id', 'username', 'hostname', 'management_ip', 'type'] as const;

/** A credential of Segura's credential list (never a password: the list holds none). */
const deviceCredentialSchema = z
	.object({
		id: answerText,
		username: optionalAnswerText,
		hostname: optionalAnswerText,
		management_ip: optionalAnswerText,
		type: optionalAnswerText,
	})
	.passthrough();

export type DeviceCredential = z.output<typeof deviceCredentialSchema>;

/** One credential as check-out answers it: its fields and secrets (`password`, `content`) as Segura writes them. */
const checkedOutCredentialSchema = z
	.object({ id: answerText, username: optionalAnswerText, hostname: optionalAnswerText, password: optionalAnswerText, content: optionalAnswerText })
	.passthrough();

export type CheckedOutCredential = z.output<typeof checkedOutCredentialSchema>;

/** The array under `key`, each record read as `schema` says (the plain ones without zod's cost). */
function recordList<T>(key: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, keys: readonly string[]) {
	return z
		.object({ [key]: z.array(z.unknown()) })
		.passthrough()
		.transform((answer, context) => {
			const parsed = parseRecords(answer[key] as unknown[], keys, schema);
			if ('issue' in parsed) {
				context.addIssue({
					code: z.ZodIssueCode.custom,
					message: `has an entry in ${key} whose ${parsed.issue.path.join('.') || 'value'} ${parsed.issue.message}`,
				});
				return z.NEVER;
			}
			return parsed.records;
		});
}

/** How each kind of answer in the endpoint table (model/endpoints.ts) is read. */
export const ANSWER_SCHEMAS = {
	createdSession: createdSessionSchema,
	remoteSessions: remoteSessionsAnswerSchema,
	devices: recordList('devices', deviceSchema, DEVICE_TEXT_KEYS),
	device: z.object({ device: deviceDetailSchema }).passthrough().transform((answer) => answer.device),
	deviceCredentials: recordList('credentials', deviceCredentialSchema, CREDENTIAL_TEXT_KEYS),
	checkedOutCredential: z.object({ credential: checkedOutCredentialSchema }).passthrough().transform((answer) => answer.credential),
	// The envelope alone: the transport has judged it already.
	envelope: z.object({}).passthrough(),
};

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
