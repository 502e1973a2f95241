/**
 * Where the node's requests go: the Base URL rule and the two path families. The Segura OAuth2 API
 * credential builds its token and test URLs from these same definitions.
 */

type ApiPaths = 'a2a' | 'pamCore';

export type Endpoint = 'createSession' | 'getSession' | 'listSessions' | 'dropSession';

/** The two path families Segura versions serve (see the README's endpoint table). */
export const PATHS: Record<ApiPaths, Record<Endpoint, string>> = {
	a2a: {
		createSession: '/iso/remote/session',
		getSession: '/iso/session/remotesessions/{id}',
		listSessions: '/iso/session/remotesessions',
		dropSession: '/iso/session/drop/{id}',
	},
	pamCore: {
		createSession: '/api/pam/remote/session',
		getSession: '/api/pam/session/remotesessions/{id}',
		listSessions: '/api/pam/session/remotesessions',
		dropSession: '/api/pam/session/drop/{id}',
	},
};

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

export function buildUrl(baseUrl: unknown, apiPaths: unknown, endpoint: Endpoint, id?: string): string {
	const family: ApiPaths = apiPaths === 'pamCore' ? 'pamCore' : 'a2a';
	const path = PATHS[family][endpoint].replace('{id}', encodeURIComponent(id ?? ''));
	return `${normaliseBaseUrl(baseUrl)}${path}`;
}
