/**
 * What the version profiles must reproduce, written out from the vendor's pages (not read from the
 * sandbox's own table, which one test compares with this one).
 */
import { startSandbox } from '../../sandbox';
import type { ProfileName, Sandbox, SessionRouteName } from '../../sandbox';
import { getToken } from './client';

export type VersionName = Exclude<ProfileName, 'consolidated'>;

export const VERSION_PROFILES: VersionName[] = ['3.25', '3.32', '4', 'current'];

/** Every path family a client may try, per endpoint (what "API Paths: Auto" probes, and more). */
export const CANDIDATE_PATHS: Record<SessionRouteName, string[]> = {
	create: ['/iso/remote/session', '/api/pam/remote/session', '/api/remote/session'],
	getOne: ['/iso/session/remotesessions/{id}', '/api/pam/session/remotesessions/{id}', '/api/session/remotesessions/{id}'],
	list: ['/iso/session/remotesessions', '/api/pam/session/remotesessions', '/api/session/remotesessions'],
	drop: ['/iso/session/drop/{id}', '/api/pam/session/drop/{id}', '/api/session/drop/{id}'],
};

/** The one path each version serves per session endpoint, page by page (devices: inventory-cases.ts). */
export const SERVED: Record<VersionName, Record<SessionRouteName, string>> = {
	// helpcenter 3.25: every A2A call is /iso/MODULE/FUNCTION.
	'3.25': {
		create: '/iso/remote/session',
		getOne: '/iso/session/remotesessions/{id}',
		list: '/iso/session/remotesessions',
		drop: '/iso/session/drop/{id}',
	},
	// 3.32 mirror (create), v3-32 get one / list all; drop from the mirror's api/index.yaml.
	'3.32': {
		create: '/iso/remote/session',
		getOne: '/api/session/remotesessions/{id}',
		list: '/api/session/remotesessions',
		drop: '/iso/session/drop/{id}',
	},
	// v4 pages: PAM Core family, except the list all page's /api/session/remotesessions.
	'4': {
		create: '/api/pam/remote/session',
		getOne: '/api/pam/session/remotesessions/{id}',
		list: '/api/session/remotesessions',
		drop: '/api/pam/session/drop/{id}',
	},
	// Current pages: create under /iso, reads under /api/session, drop under /api/pam.
	current: {
		create: '/iso/remote/session',
		getOne: '/api/session/remotesessions/{id}',
		list: '/api/session/remotesessions',
		drop: '/api/pam/session/drop/{id}',
	},
};

/** Per version: client authentication, tenant, refused-token status. */
export const TRAITS: Record<VersionName, { clientAuth: Array<'body' | 'basic'>; tenant: string; tokenRejected: number }> = {
	'3.25': { clientAuth: ['basic'], tenant: 'senhasegura', tokenRejected: 401 },
	'3.32': { clientAuth: ['body', 'basic'], tenant: 'senhasegura', tokenRejected: 401 },
	'4': { clientAuth: ['body', 'basic'], tenant: 'Segura', tokenRejected: 401 },
	current: { clientAuth: ['body', 'basic'], tenant: 'Segura', tokenRejected: 403 },
};

export const GATEWAY_NO_ROUTE = { message: 'no Route matched with those values' };
export const CLIENT_AUTH_FAILED = {
	error: 'invalid_client',
	error_description: 'Client authentication failed',
	message: 'Client authentication failed',
};

export const at = (template: string, id = '') => template.replace('{id}', encodeURIComponent(id));

export const METHOD: Record<SessionRouteName, string> = { create: 'POST', getOne: 'GET', list: 'GET', drop: 'DELETE' };

/** A valid create body for each version (credential named: 3.25 to 4 require one). */
export const CREATE_BODY = { user: 'alice', credential: 'deploy', device: 'linux-srv-01', protocol: 'SSH' };

/** A client authentication the profile accepts (the body where it can). */
export const viaFor = (name: VersionName) => (TRAITS[name].clientAuth.includes('body') ? 'body' : 'basic');

/** Starts a sandbox with the profile and takes a token the way that profile accepts. */
export async function openProfile(name: VersionName): Promise<{ sb: Sandbox; token: string }> {
	const sb = await startSandbox({ profile: name });
	return { sb, token: await getToken(sb, viaFor(name)) };
}
