/**
 * The secret canary's search: every string reachable from what a user or an operator can see
 * (errors with their non-enumerable properties and cause chains, output items, run data, log
 * lines), searched for every secret. The one allowance: `session_url` and `token` as keys of an
 * item's `json` (Create's output, and the same items carried on by the workflow), with the values
 * Create output in that scenario.
 */
import { dump, safeJson } from './capture';

export interface Place {
	where: string;
	text: string;
}

export interface Needle {
	what: string;
	value: string;
}

/** Values Create output in the scenario, allowed only under these keys of an item's json. */
export type Allowed = ReadonlySet<string>;

const ALLOWED_PATH = /(^|\.)json\.(session_url|token|password|content)$/;

/**
 * Every string inside `root`, with its path: own properties whether enumerable or not (message,
 * stack, cause, context, errorResponse...), symbol keys, getters, array items, Map and Set entries,
 * byte arrays read as UTF-8. Functions (classes, helpers) are not entered.
 */
export function strings(root: unknown, rootPath: string): Place[] {
	const out: Place[] = [];
	const seen = new WeakSet<object>();
	const visit = (value: unknown, path: string, depth: number) => {
		if (typeof value === 'string') {
			out.push({ where: path, text: value });
			return;
		}
		if (value === null || typeof value !== 'object' || seen.has(value) || depth > 60) return;
		seen.add(value);
		if (value instanceof Uint8Array) {
			out.push({ where: path, text: Buffer.from(value).toString('utf8') });
			return;
		}
		if (value instanceof Map) {
			for (const [key, entry] of value) {
				visit(key, `${path}<key>`, depth + 1);
				visit(entry, `${path}.${String(key)}`, depth + 1);
			}
		}
		if (value instanceof Set) for (const entry of value) visit(entry, `${path}<entry>`, depth + 1);
		for (const key of Reflect.ownKeys(value)) {
			const descriptor = Object.getOwnPropertyDescriptor(value, key);
			let entry: unknown = descriptor?.value;
			if (descriptor?.get) {
				try {
					entry = descriptor.get.call(value);
				} catch {
					continue;
				}
			}
			visit(entry, `${path}.${String(key)}`, depth + 1);
		}
	};
	visit(root, rootPath, 0);
	return out;
}

/**
 * Blanks the allowed values where they stand as an item's `session_url` / `token` / `password` /
 * `content` (JSON or util.inspect form).
 */
export function redactAllowed(text: string, allowed: Allowed): string {
	let out = text;
	for (const value of allowed) {
		for (const key of ['session_url', 'token', 'password', 'content']) {
			out = out.split(`"${key}":${JSON.stringify(value)}`).join(`"${key}":"<allowed>"`).split(`${key}: '${value}'`).join(`${key}: '<allowed>'`);
		}
		// util.inspect writes a value's newlines as "\n" (on one line: breakLength Infinity).
		const inspected = value.replace(/\n/g, '\\n');
		for (const key of ['content']) out = out.split(`${key}: '${inspected}'`).join(`${key}: '<allowed>'`);
	}
	return out;
}

/** An error as a user or a log sees it, and every string it holds: no allowance at all. */
export function errorPlaces(where: string, error: unknown): Place[] {
	const record = error as { message?: unknown; description?: unknown };
	let plain: string;
	try {
		plain = JSON.stringify(error) ?? '';
	} catch {
		plain = safeJson(error);
	}
	return [
		{ where: `${where}.message`, text: String(record.message ?? '') },
		{ where: `${where}.description`, text: String(record.description ?? '') },
		{ where: `${where} JSON.stringify`, text: plain },
		{ where: `${where} inspected`, text: dump(error) },
		...strings(error, where),
	];
}

/**
 * Strings of a structure that holds items (output, run data): an allowed value counts only as an
 * item's `json.session_url` / `json.token`; anywhere else (an error's context, a description) it is a leak.
 */
export function itemPlaces(where: string, root: unknown, allowed: Allowed): Place[] {
	return strings(root, where).filter((place) => !(ALLOWED_PATH.test(place.where) && allowed.has(place.text)));
}

/** `what xN in where` for every needle found in the places (allowed values already left out). */
export function findLeaks(places: Place[], needles: Needle[]): string[] {
	const found: string[] = [];
	for (const place of places) {
		for (const needle of needles) {
			const count = place.text.split(needle.value).length - 1;
			if (count > 0) found.push(`${needle.what} x${count} in ${place.where}`);
		}
	}
	return found;
}
