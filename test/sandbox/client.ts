/**
 * HTTP helpers for the sandbox tests: calls over real HTTP (global fetch), the token request either
 * way a client can authenticate, API calls with a bearer token, control calls, and the wire shapes.
 */
import { startSandbox } from '../../sandbox';
import type { Sandbox, SandboxOptions } from '../../sandbox';

export interface EnvelopeResponse {
	status: number;
	message: string;
	error: boolean;
	error_code: number;
	detail: string;
	mensagem?: string;
	Message?: string;
	erro: boolean;
	cod_erro: number;
}

export type WireSession = Record<string, string | null>;

export interface Envelope {
	code?: number;
	response: EnvelopeResponse;
	tenant: string;
	session?: { session_url: string; token: string; selection_mode?: string };
	remote_session?: WireSession[];
	remote_sessions?: WireSession[];
	exception?: { code: number; message: string; detail: null };
	message?: string;
}

export interface TokenAnswer {
	token_type?: string;
	expires_in?: number;
	access_token?: string;
	error?: string;
	error_description?: string;
	message?: string;
}

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

export type Fields = Record<string, string | number>;

export const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
	const res = await fetch(url, init);
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

export const env = (reply: Reply) => reply.json as Envelope;

export function tokenRequest(sb: Sandbox, fields: Record<string, string>, headers: Record<string, string> = {}) {
	return call(`${sb.baseUrl}/iso/oauth2/token`, {
		method: 'POST',
		headers: { ...FORM, ...headers },
		body: new URLSearchParams(fields).toString(),
	});
}

export function basic(id: string, secret: string): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

/** A token request with the sandbox's client, in the body (default) or as HTTP Basic. */
export function clientTokenRequest(sb: Sandbox, via: 'body' | 'basic' = 'body') {
	if (via === 'basic') return tokenRequest(sb, { grant_type: 'client_credentials' }, { Authorization: basic(sb.clientId, sb.clientSecret) });
	return tokenRequest(sb, { grant_type: 'client_credentials', client_id: sb.clientId, client_secret: sb.clientSecret });
}

export async function getToken(sb: Sandbox, via: 'body' | 'basic' = 'body'): Promise<string> {
	const reply = await clientTokenRequest(sb, via);
	expect(reply.status).toBe(200);
	return (reply.json as TokenAnswer).access_token as string;
}

export function api(sb: Sandbox, token: string, method: string, path: string, body?: Fields): Promise<Reply> {
	return call(`${sb.baseUrl}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

export function control(sb: Sandbox, method: string, action: string, body?: unknown): Promise<Reply> {
	return call(`${sb.controlUrl}/${action}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

export async function withSandbox(options: SandboxOptions, body: (sb: Sandbox) => Promise<void>) {
	const sb = await startSandbox(options);
	try {
		await body(sb);
	} finally {
		await sb.close();
	}
}
