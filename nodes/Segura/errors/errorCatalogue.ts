/**
 * The node's one error catalogue: what the Segura documentation says about each error message
 * (why it happens and what to do), and what the node says when Segura names no problem itself.
 */

/** What the Segura documentation says about one error message: why it happens and what to do. */
interface DocumentedError {
	cause: string;
	fix: string;
}

const CLIENT_AUTHENTICATION_FAILED: DocumentedError = {
	cause: 'The A2A application or its access token was not accepted: wrong Client ID or Client Secret, a disabled application, or a token that expired or was revoked. n8n has already fetched a new token once and it was refused as well.',
	fix: 'Check Base URL, Client ID and Client Secret in the Segura OAuth2 API credential (Segura: A2A > Applications) and that the application is active.',
};

const USERNAME_NOT_SPECIFIED: DocumentedError = {
	cause: 'The request carried no user for the session.',
	fix: 'Fill in the User field with a user registered in Segura and run the node again.',
};

/**
 * Every error message the Segura API documentation lists, in each version's wording, keyed by the
 * message in lower case without its final period (the vendor's pages disagree on the period).
 */
export const DOCUMENTED_ERRORS: Readonly<Record<string, DocumentedError>> = {
	'username not specified': USERNAME_NOT_SPECIFIED,
	// Segura 3.32's wording.
	'user not specified': USERNAME_NOT_SPECIFIED,
	'credential not specified': {
		cause: 'This Segura version needs an explicit credential: it does not choose one automatically.',
		fix: 'Fill in the Device Credential field with the username of a credential registered for the device.',
	},
	'credential device not specified': {
		cause: 'The request carried no device, or a domain credential was used without a remote device.',
		fix: 'Fill in the Device field (hostname or IP); for a domain credential also set Additional Fields > Remote Device.',
	},
	'invalid protocol': {
		cause: 'The protocol is missing or is not one Segura accepts for this device.',
		fix: 'Choose a protocol the device offers in Segura (SSH, RDP, HTTPS, ...) in the Protocol field.',
	},
	'resource sub not found': {
		cause: 'Segura does not know what was asked for: an unknown user, device, credential or session id, or a URL the appliance does not serve.',
		fix: 'Check the values sent, the Base URL and the API Paths setting of the credential.',
	},
	'session.no_available_credential': {
		cause: 'Automatic credential selection found no free credential on the device: every eligible credential is in a session, or the A2A authorization covers no username/password credential of this device.',
		fix: 'End a session that holds a credential of this device, name one in the Device Credential field, or give the A2A authorization access to more credentials.',
	},
	'unexpected error': {
		cause: 'The Segura appliance failed while handling the request.',
		fix: 'Try again later; if it persists, contact Segura support with the time of the request.',
	},
	'you are not authorized to access this resource': {
		cause: 'The A2A authorization of this application lacks the Web Proxy Session permission.',
		fix: 'Ask a Segura administrator to grant the A2A authorization access with read and write permission to Web Proxy Session.',
	},
	'client authentication failed': CLIENT_AUTHENTICATION_FAILED,
	'invalid token': CLIENT_AUTHENTICATION_FAILED,
	'invalid signature': {
		cause: 'The appliance expected an OAuth 1.0 signed request (HMAC-SHA1): the A2A application is not an OAuth 2.0 application.',
		fix: 'Use an A2A application with OAuth 2.0 authentication and paste its Client ID and Client Secret into the credential.',
	},
	'no route matched with those values': {
		cause: "The appliance's API gateway has no route for this path (Segura's documentation also gives this message for a request without an Authorization header, but n8n always sends one): the Base URL or the API Paths family does not match this appliance.",
		fix: 'Check the Base URL (keep a reverse-proxy sub-path) and set API Paths to Auto, or to the family your Segura version documents; if a proxy in front of Segura strips the Authorization header, fix the proxy.',
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

/**
 * Errors Segura numbers (`exception.code`, and the prefix of the message: "1002: Session not
 * found"), by number: the same number keeps its meaning whatever the wording around it.
 */
export const CODED_ERRORS: Readonly<Record<number, DocumentedError>> = {
	1002: {
		cause: 'No remote session has this numeric id on the appliance.',
		fix: 'Check the Numeric ID (the "id" field Get Many returns, such as 30).',
	},
	1003: {
		cause: 'Segura did not recognise the identifier: a session_id hash (or other text) was sent where the numeric id belongs.',
		fix: 'Use the numeric id (such as 30) in Numeric ID; to end a session by its session_id, use Terminate By: Session ID.',
	},
	1007: {
		cause: 'Segura has no credential matching the one named (its id, or its username on that device).',
		fix: 'Check the credential: its ID as Segura Credential > Get Many lists it, or its username and device hostname; in Create, the Device Credential field (a username registered for the device).',
	},
	1008: {
		cause: 'The credential is inactive in Segura.',
		fix: 'Ask a Segura administrator to activate the credential, or use another one.',
	},
	1009: {
		cause: 'The A2A authorization of this application has no access to the credential.',
		fix: 'Ask a Segura administrator to give the A2A authorization of this application access to the credential (or its device).',
	},
	1011: {
		cause: 'Segura has no device matching the one named.',
		fix: 'Check the Device field: the hostname or IP address of a device registered in Segura.',
	},
	1018: {
		cause: 'This application holds no custody of the credential: it was never checked out by this application, or it was checked in already.',
		fix: 'Check Out the credential first; to treat a credential already checked in as done, turn on Check In > Ignore If Not Checked Out.',
	},
};

/** The number of a Segura error: `exception.code` if given, else the "NNNN: " prefix of the message. */
function errorCodeOf(message: string, exceptionCode?: unknown): number | undefined {
	const given = Number(exceptionCode);
	// Number() makes undefined NaN and null 0: neither passes.
	if (Number.isInteger(given) && given > 0) return given;
	const prefix = /^\s*(\d{3,5})\s*:/.exec(message);
	return prefix ? Number(prefix[1]) : undefined;
}

/** Documented cause and fix for a Segura message (by its number first), or undefined when unlisted. */
export function lookUpDocumentedError(message: string, exceptionCode?: unknown): DocumentedError | undefined {
	const code = errorCodeOf(message, exceptionCode);
	if (code !== undefined && CODED_ERRORS[code]) return CODED_ERRORS[code];
	const key = message.trim().replace(/\.+$/, '').toLowerCase();
	return DOCUMENTED_ERRORS[key];
}

/** What the node says when Segura did not name the problem itself. */
const STATUS_FALLBACKS: Record<number, DocumentedError> = {
	400: {
		cause: 'Segura refused the request (HTTP 400): a value it does not accept, or an id no session has.',
		fix: 'Check the values sent; for Get and Terminate, the numeric id or the session_id.',
	},
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

/**
 * Cause and fix, as one text, for an answer of this status: the documented entry for Segura's
 * message (or its number) when the docs list it, else what the status means.
 */
export function explainAnswer(status: number, segurasMessage?: string, exceptionCode?: unknown): string {
	const entry = (segurasMessage && lookUpDocumentedError(segurasMessage, exceptionCode)) || fallbackFor(status);
	return `${entry.cause} ${entry.fix}`;
}
