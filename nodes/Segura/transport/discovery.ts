import type { Attempt } from './judge';
import { pathOf, type ApiFamily, type Endpoint } from '../model/endpoints';

/** What probing an endpoint found: the family that serves it, or the paths no route matched. */
type Verdict = { family: ApiFamily } | { tried: string[] };

/**
 * API Paths "Auto": per execution (one node run, hence one credential) and endpoint, the verdict of
 * the first probe. Later requests, and concurrent ones that wait for the probe, use it.
 */
const verdicts = new WeakMap<object, Map<Endpoint, Promise<Verdict | undefined>>>();

function notRouted(method: string, tried: string[]): Attempt {
	return {
		ok: false,
		failure: {
			message: `The appliance serves none of the documented paths for this call: ${method} ${tried.join(', ')} (each answered HTTP 404 "no route")`,
			description:
				'API Paths is Auto: the node tried each documented path family in turn and the gateway in front of Segura routed none of them, so nothing was done. Check the Base URL: a reverse-proxy sub-path must be part of it (such as https://pam.example.com/segura). If your Segura version documents another path, please report it with the version number.',
			httpCode: 404,
		},
	};
}

/**
 * Sends a request through the families in order until one is served: only a route-level 404
 * (nothing done) moves on to the next family. Any answer from Segura, a timeout or a dropped
 * connection is final. The probe runs once per run and endpoint; concurrent callers wait for it.
 */
export async function throughFamilies(
	run: object,
	endpoint: Endpoint,
	families: readonly ApiFamily[],
	method: string,
	send: (family: ApiFamily) => Promise<Attempt>,
): Promise<Attempt> {
	let known = verdicts.get(run);
	if (!known) {
		known = new Map();
		verdicts.set(run, known);
	}
	// A probe that ended without a verdict (a timeout, say) leaves the next caller to probe again.
	for (let pending = known.get(endpoint); pending; pending = known.get(endpoint)) {
		const verdict = await pending;
		if (verdict) return 'family' in verdict ? await send(verdict.family) : notRouted(method, verdict.tried);
	}
	let settle: (verdict: Verdict | undefined) => void = () => undefined;
	known.set(endpoint, new Promise((resolve) => (settle = resolve)));
	let verdict: Verdict | undefined;
	try {
		const tried: string[] = [];
		for (const family of families) {
			const attempt = await send(family);
			if (!attempt.routeMiss) {
				if (attempt.fromSegura) verdict = { family };
				return attempt;
			}
			tried.push(pathOf(family, endpoint));
		}
		verdict = { tried };
		return notRouted(method, tried);
	} finally {
		if (!verdict) known.delete(endpoint);
		settle(verdict);
	}
}
