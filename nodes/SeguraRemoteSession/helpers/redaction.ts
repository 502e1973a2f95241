/** Keeps secrets out of what the node shows: excerpts of answers never carry token values. */

// A truncated success body may still carry secrets: their values never reach an excerpt.
const SECRET_VALUES = /("(?:token|access_token|refresh_token|client_secret|session_url)"\s*:\s*)"[^"]*"?|([?&]_sr=)[^&\s"']*/gi;

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
