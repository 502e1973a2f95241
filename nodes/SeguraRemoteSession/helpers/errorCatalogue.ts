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
	cause:
		'The A2A application was not accepted: wrong Client ID or Client Secret, a disabled application, or an access token that expired or was revoked.',
	fix: 'Check Base URL, Client ID and Client Secret in the Segura OAuth2 API credential (Segura: A2A > Applications), then run the node again so n8n requests a new access token.',
};

/**
 * Every error message the Segura API documentation lists, keyed by the message in lower case
 * without its final period (the vendor's pages disagree on the period).
 */
export const DOCUMENTED_ERRORS: Readonly<Record<string, DocumentedError>> = {
	'username not specified': {
		cause: 'The request carried no user for the session.',
		fix: 'Fill in the User field with a user registered in Segura and run the node again.',
	},
	'credential not specified': {
		cause:
			'This Segura version needs an explicit credential: it does not choose one automatically.',
		fix: 'Fill in the Device Credential field with the username of a credential registered for the device.',
	},
	'credential device not specified': {
		cause:
			'The request carried no device, or a domain credential was used without a remote device.',
		fix: 'Fill in the Device field (hostname or IP); for a domain credential also set Additional Fields > Remote Device.',
	},
	'invalid protocol': {
		cause: 'The protocol is missing or is not one Segura accepts for this device.',
		fix: 'Choose a protocol the device offers in Segura (SSH, RDP, HTTPS, ...) in the Protocol field.',
	},
	'resource sub not found': {
		cause:
			'Segura does not know what was asked for: an unknown user, device, credential or session id, or a URL the appliance does not serve.',
		fix: 'Check the values sent, the Base URL and the API Paths setting (A2A or PAM Core) of the credential.',
	},
	'session.no_available_credential': {
		cause:
			'Automatic credential selection found no free credential on the device: every eligible credential is in a session, or the A2A authorization covers no username/password credential of this device.',
		fix: 'End a session that holds a credential of this device, name one in the Device Credential field, or give the A2A authorization access to more credentials.',
	},
	'unexpected error': {
		cause: 'The Segura appliance failed while handling the request.',
		fix: 'Try again later; if it persists, contact Segura support with the time of the request.',
	},
	'you are not authorized to access this resource': {
		cause:
			'The A2A authorization of this application lacks the Web Proxy Session permission.',
		fix: 'Ask a Segura administrator to grant the A2A authorization access with read and write permission to Web Proxy Session.',
	},
	'client authentication failed': CLIENT_AUTHENTICATION_FAILED,
	'invalid signature': {
		cause:
			'The appliance expected an OAuth 1.0 signed request (HMAC-SHA1): the A2A application is not an OAuth 2.0 application.',
		fix: 'Use an A2A application with OAuth 2.0 authentication and paste its Client ID and Client Secret into the credential.',
	},
	'no route matched with those values': {
		cause: 'The request reached the appliance without an Authorization header.',
		fix: 'Save the Segura OAuth2 API credential again so n8n requests a new access token, and check that no proxy strips the Authorization header.',
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

/** Documented cause and fix for a Segura message, or undefined when the docs do not list it. */
export function lookUpDocumentedError(message: string): DocumentedError | undefined {
	const key = message.trim().replace(/\.+$/, '').toLowerCase();
	return DOCUMENTED_ERRORS[key];
}

/** What the node says when Segura did not name the problem itself. */
const STATUS_FALLBACKS: Record<number, DocumentedError> = {
	400: { cause: 'Segura rejected the request as malformed.', fix: 'Check the values sent.' },
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
 * message when the docs list it, else what the status means.
 */
export function explainAnswer(status: number, segurasMessage?: string): string {
	const entry = (segurasMessage && lookUpDocumentedError(segurasMessage)) || fallbackFor(status);
	return `${entry.cause} ${entry.fix}`;
}
