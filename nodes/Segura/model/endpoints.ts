/**
 * Every Segura endpoint the nodes call, declared once: its method, its path in each family, the
 * families API Paths "Auto" tries, whether it may be retried and what its answer holds. The Base URL
 * rule and URL building too. A leaf: the Segura OAuth2 API credential builds its token and test
 * URLs from these same definitions.
 */

/** The path families Segura versions document (docs/segura-versions.md). */
export type ApiFamily = 'a2a' | 'pamCore' | 'api';

const PREFIXES: Record<ApiFamily, string> = { a2a: '/iso', pamCore: '/api/pam', api: '/api' };

interface EndpointDefinition {
	method: 'GET' | 'POST' | 'DELETE';
	/** The path after the family's prefix, with `{id}` where the id goes. */
	resource: string;
	/** Whole paths per family, where a family's pages do not put the resource under its prefix. */
	paths?: Readonly<Record<ApiFamily, string>>;
	/** API Paths "Auto": the families tried, most documented first. */
	auto: readonly ApiFamily[];
	/**
	 * Reads are retried on answers that mean "try again"; calls with an effect are not, except
	 * 'ifNoAnswer': sent again only when no answer came back (a release whose repeat is harmless).
	 */
	retried: boolean | 'ifNoAnswer';
	/** What a successful answer holds besides the envelope (model/responses.ts reads each kind). */
	answer: 'createdSession' | 'remoteSessions' | 'devices' | 'device' | 'deviceCredentials' | 'checkedOutCredential' | 'envelope';
}

/**
 * Auto's order. Create and drop: /iso (3.32 and current pages), /api/pam (v4), /api (a v3-33
 * rendering, the OpenAPI file). Get one and list: /api (3.32, and the current and v4 pages' list
 * and examples), /api/pam (v3-33, v4 field pages), /iso (the OpenAPI file).
 */
const WRITES_FIRST: readonly ApiFamily[] = ['a2a', 'pamCore', 'api'];
const READS_FIRST: readonly ApiFamily[] = ['api', 'pamCore', 'a2a'];
/**
 * Devices and credentials live under `pam/` in every family: /api/pam (v3-33, v4, current) and /iso/pam
 * (3.2x). The `api` family has no page of its own for them and takes the /api/pam path.
 */
const PAM_FIRST: readonly ApiFamily[] = ['pamCore', 'a2a'];
const pamPaths = (resource: string): Record<ApiFamily, string> => ({
	a2a: `${PREFIXES.a2a}/pam${resource}`,
	pamCore: `${PREFIXES.pamCore}${resource}`,
	api: `${PREFIXES.pamCore}${resource}`,
});

export const ENDPOINTS = {
	createSession: { method: 'POST', resource: '/remote/session', auto: WRITES_FIRST, retried: false, answer: 'createdSession' },
	getSession: { method: 'GET', resource: '/session/remotesessions/{id}', auto: READS_FIRST, retried: true, answer: 'remoteSessions' },
	listSessions: { method: 'GET', resource: '/session/remotesessions', auto: READS_FIRST, retried: true, answer: 'remoteSessions' },
	dropSession: { method: 'DELETE', resource: '/session/drop/{id}', auto: WRITES_FIRST, retried: false, answer: 'envelope' },
	listDevices: { method: 'GET', resource: '/device', paths: pamPaths('/device'), auto: PAM_FIRST, retried: true, answer: 'devices' },
	getDevice: { method: 'GET', resource: '/device/{id}', paths: pamPaths('/device/{id}'), auto: PAM_FIRST, retried: true, answer: 'device' },
	listDeviceCredentials: { method: 'GET', resource: '/credential', paths: pamPaths('/credential'), auto: PAM_FIRST, retried: true, answer: 'deviceCredentials' },
	// Custody. Reading one credential with its password takes custody; reading it again while held
	// changes nothing, so it is retried as reads are. Release only through …/custody/{id}: DELETE on
	// …/credential/{id} itself deactivates the credential (one vendor example shows that path).
	checkOutCredential: { method: 'GET', resource: '/credential/{id}', paths: pamPaths('/credential/{id}'), auto: PAM_FIRST, retried: true, answer: 'checkedOutCredential' },
	releaseCustody: { method: 'DELETE', resource: '/credential/custody/{id}', paths: pamPaths('/credential/custody/{id}'), auto: PAM_FIRST, retried: 'ifNoAnswer', answer: 'envelope' },
} as const satisfies Record<string, EndpointDefinition>;

export type Endpoint = keyof typeof ENDPOINTS;

/** The path of an endpoint in a family, with `{id}` where the id goes. */
export function pathOf(family: ApiFamily, endpoint: Endpoint): string {
	const definition: EndpointDefinition = ENDPOINTS[endpoint];
	return definition.paths?.[family] ?? `${PREFIXES[family]}${definition.resource}`;
}

/** The families to use for an endpoint: the chosen one, or (Auto, the default) all in order. */
export function familiesFor(apiPaths: unknown, endpoint: Endpoint): readonly ApiFamily[] {
	// Own keys only: `in` would also take "toString" or "constructor" for a family.
	if (typeof apiPaths === 'string' && Object.hasOwn(PREFIXES, apiPaths)) return [apiPaths as ApiFamily];
	return ENDPOINTS[endpoint].auto;
}

/** Trailing slashes of the Base URL are dropped, so "https://host/" and "https://host" are one. */
const TRAILING_SLASHES = /\/+$/;

/** Base URL without trailing slashes, so a sub-path behind a reverse proxy is kept as it is. */
function normaliseBaseUrl(baseUrl: unknown): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(TRAILING_SLASHES, '');
}

/**
 * normaliseBaseUrl as the text of an n8n expression, for credential fields (which n8n resolves as
 * expressions, not code): `reference` is the expression that holds the Base URL.
 */
export function normalisedBaseUrlExpression(reference: string): string {
	return `String(${reference}).trim().replace(${TRAILING_SLASHES}, "")`;
}

/**
 * Where n8n fetches the access token: the A2A family's OAuth 2.0 endpoint, under the Base URL. A
 * function, not a constant: n8n's lint takes a constant holding ".../token" for a hard-coded secret.
 */
export function tokenPath(): string {
	return `${PREFIXES.a2a}/oauth2/token`;
}

export function tokenUrl(baseUrl: unknown): string {
	return `${normaliseBaseUrl(baseUrl)}${tokenPath()}`;
}

/** The full URL; the id is always URL-encoded, so `?`, `#`, `%` and spaces stay inside the path. */
export function buildUrl(baseUrl: unknown, family: ApiFamily, endpoint: Endpoint, id?: string): string {
	const path = pathOf(family, endpoint).replace('{id}', encodeURIComponent(id ?? ''));
	return `${normaliseBaseUrl(baseUrl)}${path}`;
}
