/** Keeps secrets out of what the node shows: excerpts of answers never carry token values. */

// A truncated success body may still carry secrets (a session token, a checked-out password): their values never reach an excerpt.
const SECRET_VALUES = /("(?:token|access_token|refresh_token|client_secret|session_url|password|content|private_key)"\s*:\s*)"[^"]*"?|([?&]_sr=)[^&\s"']*/gi;

/**
 * What a secret may look like in a value a user mapped into the wrong field: a session URL's `_sr=`
 * value, or a run of 12 or more letters and digits with a digit in it (a session token, an access
 * token). Session ids are not secrets and stay readable: a UUID (first alternative, kept whole) or
 * 40 hex digits, the forms Segura's `session_id` takes.
 */
const SECRET_SHAPES =
	/(?<![A-Za-z0-9-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9-])|([?&]_sr=)[^&\s"']*|(?<![A-Za-z0-9])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{12,}(?![A-Za-z0-9])/gi;

const SESSION_ID_HASH = /^[0-9a-f]{40}$/i;

/** A value echoed back in an error, with the parts shaped like a secret hidden. */
export function maskSecrets(text: string): string {
	return text.replace(SECRET_SHAPES, (match: string, param: string | undefined) => {
		if (param) return `${param}[redacted]`;
		return match.includes('-') || SESSION_ID_HASH.test(match) ? match : '[hidden]';
	});
}

/** A short, single-line excerpt of a body that is not JSON (an HTML error page, say), secrets redacted. */
export function excerpt(text: string, max = 120): string {
	const flat = text
		.replace(SECRET_VALUES, (_match, key: string | undefined, param: string | undefined) => `${key ?? param}[redacted]`)
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
