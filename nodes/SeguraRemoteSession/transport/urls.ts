/**
 * Where the node's requests go: the Base URL rule and the path families. The Segura OAuth2 API
 * credential builds its token and test URLs from these same definitions.
 */

/** The path families Segura versions document (see the README's "Versions" section). */
export type ApiFamily = 'a2a' | 'pamCore' | 'api';

export type Endpoint = 'createSession' | 'getSession' | 'listSessions' | 'dropSession';

const PREFIXES: Record<ApiFamily, string> = { a2a: '/iso', pamCore: '/api/pam', api: '/api' };

const RESOURCES: Record<Endpoint, string> = {
	createSession: '/remote/session',
	getSession: '/session/remotesessions/{id}',
	listSessions: '/session/remotesessions',
	dropSession: '/session/drop/{id}',
};

/**
 * API Paths "Auto": the families tried per endpoint, most documented first. Create and drop:
 * /iso (3.32 and current pages), /api/pam (v4), /api (a v3-33 rendering, the OpenAPI file). Get one
 * and list: /api (3.32, and the current and v4 pages' list and examples), /api/pam (v3-33, v4
 * field pages), /iso (the OpenAPI file).
 */
const AUTO_ORDER: Record<Endpoint, readonly ApiFamily[]> = {
	createSession: ['a2a', 'pamCore', 'api'],
	getSession: ['api', 'pamCore', 'a2a'],
	listSessions: ['api', 'pamCore', 'a2a'],
	dropSession: ['a2a', 'pamCore', 'api'],
};

/** The path of an endpoint in a family, with `{id}` where the id goes. */
export function pathOf(family: ApiFamily, endpoint: Endpoint): string {
	return `${PREFIXES[family]}${RESOURCES[endpoint]}`;
}

/** The families to use for an endpoint: the chosen one, or (Auto, the default) all in order. */
export function familiesFor(apiPaths: unknown, endpoint: Endpoint): readonly ApiFamily[] {
	// Own keys only: `in` would also take "toString" or "constructor" for a family.
	if (typeof apiPaths === 'string' && Object.hasOwn(PREFIXES, apiPaths)) return [apiPaths as ApiFamily];
	return AUTO_ORDER[endpoint];
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

/** The full URL; the id is always URL-encoded, so `?`, `#`, `%` and spaces stay inside the path. */
export function buildUrl(baseUrl: unknown, family: ApiFamily, endpoint: Endpoint, id?: string): string {
	const path = pathOf(family, endpoint).replace('{id}', encodeURIComponent(id ?? ''));
	return `${normaliseBaseUrl(baseUrl)}${path}`;
}
