import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod/v3';

import { maskSecrets } from '../errors/redaction';

/** What validation needs of n8n's context (a node run's or a poll's): the node, for the error. */
type NodeContext = { getNode(): INode };

// Hostname labels per RFC 1123; underscores are tolerated because Windows device names in Segura use them.
const HOSTNAME =
	/^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

// Built once: a schema per call would be allocated for every item.
const IPV4 = z.string().ip({ version: 'v4' });
const IPV6 = z.string().ip({ version: 'v6' });

const isIpv4 = (value: string) => IPV4.safeParse(value).success;

/**
 * IPv6 in every RFC 4291 text form. zod's check misses most forms that end in dotted IPv4
 * (`1:2:3:4:5:6:1.2.3.4`): those are checked with the IPv4 part written as two hex groups.
 */
function isIpv6(value: string): boolean {
	if (IPV6.safeParse(value).success) return true;
	const at = value.lastIndexOf(':');
	return at >= 0 && isIpv4(value.slice(at + 1)) && IPV6.safeParse(`${value.slice(0, at + 1)}0:0`).success;
}

// Bracketed IPv6 as typed in URLs.
const isIp = (value: string) =>
	isIpv4(value) || isIpv6(value) || (value.startsWith('[') && value.endsWith(']') && isIpv6(value.slice(1, -1)));

/** n8n hands over numbers or, from expressions, strings: both are accepted when they hold an integer. */
function integerFrom(value: unknown): unknown {
	if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
	return value;
}

/** A text parameter: trimmed, not empty, at most 255 characters. */
const parameterText = z
	.string({ required_error: 'is required', invalid_type_error: 'must be text' })
	.trim()
	.min(1, 'must not be empty')
	.max(255, 'must be at most 255 characters');

/** A required value; an expression that resolves to null counts as not given. */
function required<Schema extends z.ZodTypeAny>(schema: Schema) {
	return z.preprocess((value) => (value === null ? undefined : value), schema);
}

export const nonBlank = required(parameterText);

export const hostOrIp = required(
	parameterText.refine(
		(value) => isIp(value) || (HOSTNAME.test(value) && !/^[\d.]+$/.test(value)),
		'must be a hostname or an IPv4/IPv6 address',
	),
);

/** An optional text parameter: trimmed, at most 255 characters; empty counts as not given. */
export const optionalParameterText = z
	.string({ invalid_type_error: 'must be text' })
	.trim()
	.max(255, 'must be at most 255 characters')
	.optional()
	.transform((value) => (value === '' ? undefined : value));

const positiveInteger = (what: string) =>
	z.preprocess(
		integerFrom,
		z
			.number({ required_error: 'is required', invalid_type_error: `must be ${what}` })
			.finite(`must be ${what}`)
			.int(`must be ${what}`)
			.positive(`must be ${what}`)
			.max(Number.MAX_SAFE_INTEGER, `must be ${what}`),
	);

export const port = z.preprocess(
	integerFrom,
	z
		.number({ invalid_type_error: 'must be an integer from 1 to 65535' })
		.int('must be an integer from 1 to 65535')
		.min(1, 'must be an integer from 1 to 65535')
		.max(65535, 'must be an integer from 1 to 65535'),
);

export const remoteapp = positiveInteger('a positive integer (the RemoteApp ID)');

export const screensize = required(
	parameterText.regex(/^[1-9]\d{1,4}x[1-9]\d{1,4}$/, 'must be WIDTHxHEIGHT, such as 1920x1080'),
);

export const protocol = required(
	parameterText.regex(/^[A-Za-z][A-Za-z0-9+._-]{0,31}$/, 'must be a protocol name such as SSH, RDP or HTTPS'),
);

/** A date and time from a dateTime field (text, or a Date from an expression); empty means none. */
export const dateTimeText = z
	.union([z.string(), z.date()])
	.default('')
	.transform((value) => (value instanceof Date ? value.toISOString() : value.trim()))
	.refine((value) => value === '' || Number.isFinite(Date.parse(value)), 'must be a date and time');

/** The numeric remote session id as Segura shows it ("30"), not the session_id hash. */
export const remoteSessionId = z
	.preprocess(integerFrom, positiveInteger('a positive integer (the numeric id, not the session_id hash)'))
	.transform((value) => String(value));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The session_id of a session: a 40-hex hash on most versions, a token or UUID on others. Any text
 * but a path separator, a control character or a bare dot segment ("." or ".."); it is always
 * URL-encoded into the path.
 */
export const sessionHash = required(
	parameterText
		// eslint-disable-next-line no-control-regex
		.refine((value) => !/[/\x00-\x1f\x7f]/.test(value), 'must not contain "/" or control characters')
		.refine((value) => value !== '.' && value !== '..', 'must be a session_id, not "." or ".."')
		// A lone surrogate cannot be URL-encoded at all.
		.refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed text (it holds half of a Unicode character)'),
);

/** A credential's numeric id as Segura lists it ("94"). */
export const credentialId = z
	.preprocess(integerFrom, positiveInteger('a positive integer (the credential\'s id, as Get Many lists it)'))
	.transform((value) => String(value));

/** A username for check-out by `username@hostname`, a form Segura cannot read when the username holds "@". */
export const custodyUsername = required(
	parameterText.refine(
		(value) => !value.includes('@'),
		'must not contain "@": Segura cannot find it in the username@hostname form. Check Out By Credential ID instead (Get Many lists the id)',
	),
);

/** Display names of the parameters, so errors speak the words the user sees in the panel. */
const FIELD_LABELS: Record<string, string> = {
	user: 'User',
	device: 'Device',
	protocol: 'Protocol',
	credential: 'Device Credential',
	remotedevice: 'Remote Device',
	remoteAddr: 'Remote Address',
	port: 'Port',
	remoteapp: 'RemoteApp ID',
	screensize: 'Screen Size',
	remoteSessionId: 'Numeric ID',
	sessionHash: 'Session ID',
	limit: 'Limit',
	startedAfter: 'Started After',
	startedBefore: 'Started Before',
	timeout: 'Timeout',
	timezone: 'Appliance Timezone',
	concurrency: 'Concurrency',
	events: 'Events',
	credentialId: 'Credential ID',
	username: 'Username',
	type: 'Type',
};

/** The value received, as the error shows it: short, and with anything shaped like a secret hidden. */
function shown(value: unknown): string {
	if (value === undefined || value === null) return 'nothing';
	// JSON: text in quotes, an object as its content rather than "[object Object]".
	const printed = maskSecrets(JSON.stringify(value) ?? String(value));
	return printed.length > 60 ? `${printed.slice(0, 60)}…` : printed;
}

/**
 * Validates one item's parameters before anything is sent. On failure, a NodeOperationError that
 * names the field, says what is wrong, shows the value received and carries the item index.
 */
export function validateParameters<Schema extends z.ZodTypeAny>(
	context: NodeContext,
	schema: Schema,
	raw: Record<string, unknown>,
	itemIndex: number,
): z.output<Schema> {
	const result = schema.safeParse(raw);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const path = issue.path.filter((part: string | number) => typeof part === 'string') as string[];
	const field = path[path.length - 1] ?? 'parameters';
	const label = FIELD_LABELS[field] ?? field;
	// zod's path only goes through objects it found.
	const received = path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], raw);
	return failValidation(context, `${label} (${field}) ${issue.message}`, received, itemIndex);
}

function failValidation(context: NodeContext, problem: string, received: unknown, itemIndex: number): never {
	throw new NodeOperationError(context.getNode(), `Invalid parameter: ${problem}`, {
		itemIndex,
		description: `Received ${shown(received)}. Nothing was sent to Segura. Fix the value in the node (or the expression that produces it) and run again.`,
	});
}
