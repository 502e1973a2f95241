import { DOCUMENTED_ERRORS } from './errorCatalogue';
import type { SeguraFailure } from './errorFactories';
import { causeKeptByNodeApiErrorV1 } from './nodeApiErrorV1';

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

/** Certificate problems Node reports when the appliance's TLS certificate cannot be verified. */
const TLS_CODES = [
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
];

const KNOWN_CODES = [...Object.keys(NETWORK_FAILURES), ...TLS_CODES, 'ERR_CANCELED'];

function tlsFailure(code: string): SeguraFailure {
	return {
		message: `The Segura appliance's TLS certificate was not accepted (${code})`,
		description:
			'The appliance presents a certificate n8n cannot verify (self-signed, reached by IP, or expired). Best: make n8n trust the appliance CA (NODE_EXTRA_CA_CERTS). Otherwise turn on "Ignore SSL Issues (Insecure)" in the Segura OAuth2 API credential.',
	};
}

/**
 * An error and the errors it wraps (`cause`, or `reason` for a rejected promise), outermost first.
 * Under n8n 1.x the wrapped error is rebuilt from what NodeApiError kept (nodeApiErrorV1.ts).
 */
export function causeChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current = error as Record<string, unknown> | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
		chain.push(current);
		current = (current.cause ?? current.reason ?? causeKeptByNodeApiErrorV1(current)) as Record<string, unknown> | undefined;
	}
	return chain;
}

/** Finds a Node or TLS error code anywhere in an error's cause chain or message. */
export function findErrorCode(error: unknown): string | undefined {
	for (const record of causeChain(error)) {
		if (typeof record.code === 'string' && KNOWN_CODES.includes(record.code)) return record.code;
		if (typeof record.message === 'string') {
			const inMessage = KNOWN_CODES.find((code) => (record.message as string).includes(code));
			if (inMessage) return inMessage;
			if (/self[- ]signed certificate/i.test(record.message)) return 'DEPTH_ZERO_SELF_SIGNED_CERT';
			if (/socket hang up/i.test(record.message)) return 'ECONNRESET';
			if (/timeout of \d+ms exceeded/i.test(record.message)) return 'ECONNABORTED';
		}
	}
	return undefined;
}

/** What the node says about a failure without an HTTP answer, given its error code. */
export function networkFailure(code: string): SeguraFailure {
	if (TLS_CODES.includes(code)) return tlsFailure(code);
	return NETWORK_FAILURES[code] ?? NETWORK_FAILURES.ECONNRESET;
}

/** An answer that began to arrive (its status and headers came back) and did not finish. */
export const BROKEN_ANSWER: SeguraFailure = {
	message: "Segura's answer broke off while it was arriving",
	description: 'The appliance or a proxy closed the connection partway through the answer. Try again; if it persists, check the network between n8n and Segura (a proxy that limits the size or duration of answers, for instance).',
};

/** n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refusing the appliance's address. */
const SSRF_BLOCKED = /The request was blocked because (it resolves to a restricted IP address|the destination hostname is restricted)/;

/**
 * What the node says when n8n itself refused to send the request (token call or API call): nothing
 * reached Segura, so the credential is not the cause. Undefined for any other failure.
 */
export function ssrfFailure(error: unknown): SeguraFailure | undefined {
	// The deepest match is n8n's own error, which carries the address; wrappers repeat its message.
	const refusal = causeChain(error)
		.filter((entry) => /^SsrfBlocked(Ip|Hostname)Error$/.test(String(entry.name)) || SSRF_BLOCKED.test(String(entry.message ?? '')))
		.pop();
	if (!refusal) return undefined;
	const extra = (refusal.extra ?? {}) as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
	const ip = text(refusal.ip ?? extra.ip);
	const hostname = text(refusal.hostname ?? extra.hostname);
	const target = hostname && ip && hostname !== ip ? `${hostname} (${ip})` : (hostname ?? ip ?? 'the appliance');
	const allow = [
		ip ? `N8N_SSRF_ALLOWED_IP_RANGES=${ip}/32 (or the appliance's range)` : undefined,
		hostname && hostname !== ip ? `N8N_SSRF_ALLOWED_HOSTNAMES=${hostname}` : undefined,
	].filter(Boolean);
	return {
		message: `n8n's SSRF protection blocked the request to ${target}`,
		description: `This n8n runs with N8N_SSRF_PROTECTION_ENABLED=true and does not send requests to ${target}: nothing reached Segura, and the credential is not the cause. Ask the n8n administrator to allow the appliance with ${allow.length ? allow.join(' or ') : 'N8N_SSRF_ALLOWED_IP_RANGES or N8N_SSRF_ALLOWED_HOSTNAMES'}, set on the main process and every worker, then restart n8n.`,
	};
}
