'use strict';

/**
 * Password custody (routes.js checkOut, releaseCustody, deactivateCredential): reading one
 * credential with its password puts it in the caller's custody, releasing custody ends it, and
 * Segura may then change the password. Facts from the vendor's pages (shared segura-api README,
 * "Devices and credentials … custody"); chosen where they are silent:
 * - the caller is the A2A client the access token was issued to; custody is per caller, and one
 *   caller's custody does not stop another from reading the credential;
 * - a password is random per credential and per rotation (`Sg-` and 20 hex digits); an SSH key's
 *   `content` is a private key, other credentials' `content` is "";
 * - releasing custody of a credential with automatic change gives it a new password at once;
 * - `DELETE …/pam/credential/{id}` deactivates the credential (a documented action, and the trap a
 *   vendor example sets for "release custody"): later reads and releases answer 1008;
 * - `noAccess` credentials answer 1009 to this application, `inactive` ones (an administrator's
 *   doing) 1008; both set through the control API, neither counted as a deactivation.
 */

const crypto = require('node:crypto');

class Custody {
	constructor() {
		this.reset();
	}

	reset() {
		/** credential id → the callers holding it */
		this.holders = new Map();
		/** credential id → its current password (made on first read) */
		this.passwords = new Map();
		/** credential id → its current private key, for SSH keys */
		this.keys = new Map();
		this.deactivated = new Set();
		/** Inactive by an administrator's hand (setActive), not through the API. */
		this.inactive = new Set();
		this.noAccess = new Set();
		/** Every password and key content handed out: the secret canaries search for them. */
		this.issuedSecrets = [];
		this.counters = { checkOuts: 0, releases: 0, rotations: 0, deactivations: 0 };
	}

	/** Why a credential cannot be read or released, as the pages number it; undefined when it can. */
	refusal(id) {
		if (this.deactivated.has(id) || this.inactive.has(id)) return 1008;
		if (this.noAccess.has(id)) return 1009;
		return undefined;
	}

	/** The credential's secrets now, made on first use. */
	secretsOf(id, sshKey) {
		if (!this.passwords.has(id)) this.rotate(id, sshKey, false);
		return { password: this.passwords.get(id), content: sshKey ? this.keys.get(id) : '' };
	}

	rotate(id, sshKey, counted = true) {
		const password = `Sg-${crypto.randomBytes(10).toString('hex')}`;
		this.passwords.set(id, password);
		this.issuedSecrets.push(password);
		if (sshKey) {
			const key = `-----BEGIN OPENSSH PRIVATE KEY-----\n${crypto.randomBytes(48).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----`;
			this.keys.set(id, key);
			this.issuedSecrets.push(key);
		}
		if (counted) this.counters.rotations++;
	}

	/** The caller takes custody (again: one custody per caller). */
	checkOut(id, caller) {
		const holders = this.holders.get(id) ?? new Set();
		holders.add(caller);
		this.holders.set(id, holders);
		this.counters.checkOuts++;
	}

	/** False when the caller does not hold it (1018); a release may rotate the password. */
	release(id, caller, { sshKey, automaticChange }) {
		const holders = this.holders.get(id);
		if (!holders?.has(caller)) return false;
		holders.delete(caller);
		if (holders.size === 0) this.holders.delete(id);
		this.counters.releases++;
		if (automaticChange) this.rotate(id, sshKey);
		return true;
	}

	deactivate(id) {
		this.deactivated.add(id);
		this.counters.deactivations++;
	}

	/** What tests and the control API read: held ids per caller, deactivated ids, counters. */
	state() {
		return {
			held: Object.fromEntries([...this.holders].map(([id, callers]) => [id, [...callers]])),
			deactivated: [...this.deactivated],
			inactive: [...this.inactive],
			noAccess: [...this.noAccess],
			counters: { ...this.counters },
		};
	}

	/** An administrator deactivating (false) or activating a credential; not a DELETE through the API. */
	setActive(id, active) {
		if (typeof active !== 'boolean') throw new TypeError('active must be true or false.');
		if (active) this.inactive.delete(String(id));
		else this.inactive.add(String(id));
	}

	setAccess(id, allowed) {
		if (typeof allowed !== 'boolean') throw new TypeError('allowed must be true or false.');
		if (allowed) this.noAccess.delete(String(id));
		else this.noAccess.add(String(id));
	}
}

module.exports = { Custody };
