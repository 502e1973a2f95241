/**
 * Type declarations for sandbox/server.js (re-exported by sandbox/index.js):
 * a local, stateful stand-in for the Segura appliance's A2A API.
 */

export type FaultKind =
	| 'status500'
	| 'notAuthorized'
	| 'html502'
	| 'status503'
	| 'rateLimit429'
	| 'drop'
	| 'timeout'
	| 'malformed'
	| 'errorTrue'
	| 'timedOut'
	| 'lostAnswer'
	| 'brokenAnswer'
	| ListGlitch;

/** Glitches of the session list: a 200 success whose list is empty, its first half, or reversed. */
export type ListGlitch = 'emptyList' | 'truncatedList' | 'reorderedList';

/**
 * Which vendor pages the sandbox reproduces (sandbox/profiles/, sandbox/README.md "Version profiles").
 * 'consolidated' (the default) is all the pages read together; the others are one version's pages.
 */
export type ProfileName = 'consolidated' | '3.25' | '3.32' | '4' | 'current';

/** The web proxy session calls. */
export type SessionRouteName = 'create' | 'getOne' | 'list' | 'drop';

/** The device and credential reads (sandbox/inventory.js); all GET. */
export type InventoryRouteName = 'listDevices' | 'getDevice' | 'listCredentials';

/** Custody (sandbox/custody.js): check-out, release, and the deactivation a wrong path reaches. */
export type CustodyRouteName = 'checkOut' | 'releaseCustody' | 'deactivateCredential';

export type RouteName = SessionRouteName | InventoryRouteName | CustodyRouteName;

/** How a profile shows devices and credentials (sandbox/profiles/inventory.js). */
export interface InventoryStyle {
	/** 'short': `response` is only status, mensagem, erro, message, error (3.2x pages); 'full': `code` and the whole envelope. */
	readonly envelope: 'short' | 'full';
	/** `tags` in each device of the list. */
	readonly tags: boolean;
	/** Get one adds device_domain, connectivities, session_remote_config, device_tags. */
	readonly deviceDetails: boolean;
	/** `automatic_change` as "0"/"1" or as a boolean. */
	readonly automaticChange: 'string' | 'boolean';
}

/** What a profile serves and how it answers, as data (its answers themselves are not exported). */
export interface SandboxProfile {
	readonly name: ProfileName;
	/** e.g. 'senhasegura 3.32'. */
	readonly version: string;
	/** The vendor pages it reproduces. */
	readonly pages: string;
	/**
	 * Paths served per endpoint, relative to the base path; `{id}` stands for the numeric id (getOne,
	 * getDevice) or the session id (drop). Create is POST, drop DELETE, every other route GET.
	 */
	readonly paths: Readonly<Record<RouteName, readonly string[]>>;
	/**
	 * What any other path answers: 'gateway' = HTTP 404 `{"message":"no Route matched with those values"}`
	 * (Kong's stock body) before any authentication; 'appliance' = the envelope's 404 "Resource sub not found."
	 * after it (and a path outside the base path: 404 "No route matched with those values.").
	 */
	readonly unrouted: 'gateway' | 'appliance';
	/** How the token endpoint accepts client_id / client_secret: form body, HTTP Basic, or both. */
	readonly clientAuthentication: readonly ('body' | 'basic')[];
	/** Create without a credential picks one (selection_mode); otherwise 400 "Credential not specified". */
	readonly automaticCredentialSelection: boolean;
	/** session_id as the 40-hex hash, or in UUID form (8-4-4-4-12). */
	readonly sessionIdFormat: 'hex40' | 'uuid';
	/** HTTP status for an API call with an expired or unknown bearer token. */
	readonly tokenRejectedStatus: number;
	readonly tenant: string;
	/** How the device and credential reads answer. */
	readonly inventory: InventoryStyle;
}

/** Which requests a fault applies to: API routes (default), the token endpoint, or both. */
export type FaultScope = 'api' | 'token' | 'all';

export interface FaultSpec {
	kind: FaultKind;
	/** How many matching requests it applies to. Default 1. */
	count?: number;
	scope?: FaultScope;
	/** Only requests whose path (base path included) contains this string. */
	match?: string;
	/** Retry-After for rateLimit429. Default 1. */
	retryAfterSeconds?: number;
	/** How long `timeout` holds the request before destroying the socket. Default 30000. */
	hangMs?: number;
}

export interface PendingFault {
	kind: FaultKind;
	remaining: number;
	scope: FaultScope;
	match: string | null;
	retryAfterSeconds: number;
	hangMs: number;
}

/** One answered request, as handed to `onRequest` (no query string, no headers, no body). */
export interface RequestLogEntry {
	method: string;
	/** Full path, base path included. */
	path: string;
	/** null when the socket was dropped or hung up without an answer. */
	status: number | null;
	fault: FaultKind | null;
	durationMs: number;
	/** Set when the sandbox itself failed while handling the request. */
	error?: string;
}

export interface SandboxOptions {
	/** Default 0 (any free port). */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Serve HTTPS with a self-signed certificate made at start. Default false. */
	https?: boolean;
	/** e.g. '/segura'; normalised to a leading slash and no trailing slash. Default ''. */
	basePath?: string;
	/** Default 'n8n-sandbox-client'. */
	clientId?: string;
	/** Default 'n8n-sandbox-secret'. */
	clientSecret?: string;
	/** Default 3600. */
	tokenLifetimeSeconds?: number;
	/** Delay before answering each token/API request. Default 0. */
	latencyMs?: number;
	/** Older-appliance behaviour of the consolidated profile (TypeError with another profile). Default false. */
	legacy?: boolean;
	/** Which vendor pages to reproduce. Default 'consolidated'. */
	profile?: ProfileName;
	/** Appliance local time = UTC + this. Default 0. */
	timezoneOffsetMinutes?: number;
	/**
	 * Generated sessions held after the seeded ones (sandbox/synthetic.js): 20 users, 64 devices
	 * 10.67.x.y, 5 protocols, starts over the last 180 days. For appliance-size lists. Default 0.
	 */
	syntheticSessions?: number;
	/**
	 * Generated devices listed after the seeded ones (sandbox/synthetic-devices.js): hostnames
	 * srv-000001…, IPs 10.68.x.y, ids from "4", 1–2 credentials each (ids from "101"). Listed and
	 * readable by id, not usable for create. 0 to 1,000,000. Default 0.
	 */
	syntheticDevices?: number;
	/**
	 * false: the A2A authorization does not cover "Credentials and Devices", so the device and
	 * credential reads answer HTTP 500 "You are not authorized to access this resource." (sessions
	 * still work). Default true.
	 */
	deviceAccess?: boolean;
	/** Called after each token/API request is answered (the CLI's access log). */
	onRequest?: (entry: RequestLogEntry) => void;
}

/** Live counters (the same object is updated in place; reset() zeroes it). */
export interface SandboxCounters {
	tokenRequests: number;
	/** Token requests that did not get a token (401, or an injected fault). */
	tokenFailures: number;
	/** Successful creates. */
	creates: number;
	/** Requests to a create route, whatever the outcome (auth errors and faults included). */
	createAttempts: number;
	/** Successful drops. */
	terminates: number;
	/** All token and API requests; control calls are not counted. */
	requests: number;
}

export type SandboxRouteRequests = Record<RouteName, number>;

export interface RecordedRequest {
	/** ISO time the request arrived. */
	time: string;
	method: string;
	/** Path relative to the base path (the full path when the request was outside it). */
	path: string;
	/** Path as received, base path included. */
	fullPath: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	/** Parsed JSON or form body; null when JSON could not be parsed. */
	body: unknown;
	/** Status answered; null while pending or when no answer was sent (drop / timeout faults). */
	status: number | null;
	fault: FaultKind | null;
}

export interface SandboxSession {
	id: string;
	user: string;
	origin_ip: string;
	credential: string;
	/** "ip:port" */
	device: string;
	protocol: string;
	proxy: string;
	/** 40 hex characters; what terminate takes. */
	session_id: string;
	/** "YYYY-MM-DD HH:MM:SS", appliance local time. */
	start: string;
	/** null while active. */
	end: string | null;
	/** "HH:MM:SS"; for an active session, the time elapsed so far. */
	time: string | null;
	prevent_purge: string;
	request: string | null;
	ITSM: string | null;
}

export interface Sandbox {
	/** scheme + host + port + basePath, no trailing slash: what goes in the credential's Base URL. */
	baseUrl: string;
	/** scheme + host + port. */
	origin: string;
	clientId: string;
	clientSecret: string;
	/** `${origin}/__sandbox`: the HTTP control API (no auth, never under the base path). */
	controlUrl: string;
	/** PEM of the self-signed certificate (only with https: true); use it as `ca`. */
	certificatePem?: string;
	counters: SandboxCounters;
	/** API requests per route, whatever the outcome (auth errors and faults included); reset() zeroes it. */
	routeRequests: SandboxRouteRequests;
	/** The last 200 token/API requests, oldest first (a live array). */
	requests: RecordedRequest[];
	/** Every access token handed out (expired ones included), for secret-leak tests. */
	issuedTokens(): string[];
	/** Every web proxy session token (`session.token`) handed out. */
	sessionTokens(): string[];
	/** Every `session.session_url` handed out; its `_sr=` value is a bearer secret. */
	sessionUrls(): string[];
	/** The current session store, ascending id, in the consolidated shape whatever the profile (40-hex session_id). */
	sessions(): SandboxSession[];
	/** The active profile. */
	readonly profile: ProfileName;
	/** Switches profile (sessions, tokens and counters stay); TypeError for an unknown name. reset() restores the start one. */
	setProfile(name: ProfileName): void;
	/** Queues faults; throws TypeError on an unknown kind or bad values. */
	injectFaults(spec: FaultSpec | FaultSpec[]): PendingFault[];
	setLatency(ms: number): void;
	/** Starts over from the seed plus `count` synthetic sessions (kept by reset()); TypeError when out of range. */
	setSyntheticSessions(count: number): void;
	/** Lists `count` synthetic devices after the seeded ones (kept by reset()); TypeError when out of range. */
	setSyntheticDevices(count: number): void;
	/** Whether the device and credential reads are allowed (see SandboxOptions.deviceAccess); reset() restores the start value. */
	setDeviceAccess(allowed: boolean): void;
	readonly deviceAccess: boolean;
	/** Custody: the callers holding each credential id, deactivated and refused ids, counters. */
	custody(): {
		held: Record<string, string[]>;
		deactivated: string[];
		inactive: string[];
		noAccess: string[];
		counters: { checkOuts: number; releases: number; rotations: number; deactivations: number };
	};
	/** Every password and key content check-out has handed out (current and rotated). */
	credentialSecrets(): string[];
	/** Whether this application may read and release one credential (false: 1009); reset() allows all. */
	setCredentialAccess(id: string, allowed: boolean): void;
	/** An administrator deactivating (false) or activating one credential (1008 while inactive; not counted as a deactivation); reset() activates all. */
	setCredentialActive(id: string, active: boolean): void;
	/** Lifetime of tokens issued from now on. */
	setTokenLifetime(seconds: number): void;
	/** Every issued token is expired at once. */
	expireTokens(): void;
	/**
	 * Counters, request records, faults and sessions back to the start (latency, token lifetime,
	 * device access and profile back to the start options; synthetic counts kept). Issued tokens stay
	 * valid unless expired.
	 */
	reset(): void;
	close(): Promise<void>;
}

export interface SeedCredential {
	/** Numeric string, unique across devices ("94" …). */
	readonly id: string;
	readonly username: string;
	readonly type: 'password' | 'ssh-key';
	readonly active: boolean;
	readonly domain: boolean;
	/** Automatic password change configured (the list's `automatic_change`). */
	readonly automaticChange: boolean;
}

export interface SeedDevice {
	/** Numeric string ("1", "2", "3"). */
	readonly id: string;
	readonly ip: string;
	readonly hostname: string;
	/** Protocol → port; get one shows them as `connectivities` ("SSH:22, RDP:3389"). */
	readonly ports: Readonly<Record<string, number>>;
	readonly model: string;
	readonly type: string;
	readonly vendor: string;
	readonly site: string;
	readonly tags: readonly string[];
	/** get one's `device_domain` ('' for none). */
	readonly domain: string;
	readonly credentials: readonly SeedCredential[];
}

/** The seeded users and devices (sessions are listed in sandbox/README.md). */
export declare const SEED: {
	readonly users: readonly string[];
	readonly devices: readonly SeedDevice[];
};

export declare const FAULT_KINDS: readonly Exclude<FaultKind, ListGlitch>[];
export declare const LIST_GLITCHES: readonly ListGlitch[];
/** Every profile by name, e.g. PROFILES['3.32'].paths.getOne. */
export declare const PROFILES: Readonly<Record<ProfileName, SandboxProfile>>;
export declare const DEFAULT_PROFILE: 'consolidated';
export declare const DEFAULT_CLIENT_ID: string;
export declare const DEFAULT_CLIENT_SECRET: string;

export declare function startSandbox(options?: SandboxOptions): Promise<Sandbox>;
