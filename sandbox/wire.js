'use strict';

/**
 * The sandbox's HTTP plumbing, apart from what it answers: request paths and bodies, sending
 * answers (streamed for appliance-size lists), redacted request records, the self-signed
 * certificate for HTTPS, listening.
 */

const crypto = require('node:crypto');
const { promisify } = require('node:util');

const MAX_BODY_BYTES = 1024 * 1024;
const STREAM_CHUNK_ITEMS = 1000;

/**
 * A fresh self-signed certificate for localhost / 127.0.0.1 / ::1. The RSA key comes from Node's
 * native (async) generator, which is far faster than node-forge's JavaScript one that selfsigned
 * would otherwise use; selfsigned then only builds and signs the certificate. Nothing touches disk.
 */
async function createCertificate() {
	const selfsigned = require('selfsigned');
	const { publicKey, privateKey } = await promisify(crypto.generateKeyPair)('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	});
	const pems = selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
		keySize: 2048,
		days: 30,
		algorithm: 'sha256',
		keyPair: { publicKey, privateKey },
		extensions: [
			{ name: 'basicConstraints', cA: true },
			{ name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{
				name: 'subjectAltName',
				altNames: [
					{ type: 2, value: 'localhost' },
					{ type: 7, ip: '127.0.0.1' },
					{ type: 7, ip: '::1' },
				],
			},
		],
	});
	return { key: privateKey, cert: pems.cert };
}

/**
 * Path and query without URL normalisation: `new URL` would read "//iso/…" as a host name and
 * merge nothing else; doubled slashes must stay visible so a bad base-URL join shows up as a 404.
 */
function splitUrl(url) {
	const at = url.indexOf('?');
	const pathname = at === -1 ? url : url.slice(0, at);
	const query = at === -1 ? {} : Object.fromEntries(new URLSearchParams(url.slice(at + 1)));
	return { pathname, query };
}

/** Resolves with the body as text, or null when it is larger than MAX_BODY_BYTES. */
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/**
 * JSON or form bodies, by Content-Type; without one, JSON is tried first. Unparseable JSON gives
 * null, which the create route then treats as an empty body (the appliance's PHP does the same).
 */
function parseBody(raw, contentType = '') {
	if (!raw) return {};
	const type = contentType.toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
	try {
		return JSON.parse(raw);
	} catch {
		return type.includes('json') ? null : Object.fromEntries(new URLSearchParams(raw));
	}
}

/** Sends an answer; a streamed one returns a promise that settles once it is sent (or abandoned). */
function sendAnswer(res, answer) {
	if (res.destroyed || res.writableEnded || answer.action) return undefined;
	if (answer.stream) return streamAnswer(res, answer);
	const body = answer.json !== undefined ? JSON.stringify(answer.json) : answer.body ?? '';
	const headers = { 'Content-Type': 'application/json', ...answer.headers, 'Content-Length': Buffer.byteLength(body) };
	res.writeHead(answer.status, headers);
	res.end(body);
	return undefined;
}

/** A streamed answer's envelope around its (empty) list: `…,"remote_sessions":[` and `]}`. */
function listEnvelope(answer) {
	const text = JSON.stringify(answer.json);
	const open = text.lastIndexOf('[]') + 1;
	return { head: text.slice(0, open), tail: text.slice(open) };
}

/** The items of a streamed list from `from`, one chunk of them, rendered and comma-separated. */
function listChunk(answer, from) {
	const { items, render } = answer.stream;
	return JSON.stringify(items.slice(from, from + STREAM_CHUNK_ITEMS).map(render)).slice(1, -1);
}

/**
 * The envelope with its last key, the list (sessions, devices, credentials), written a chunk of
 * items at a time (chunked transfer encoding), waiting for the socket to drain: at no point is the
 * whole answer one string. `items` needs only `length` and `slice(from, to)`.
 */
async function streamAnswer(res, answer) {
	const { items } = answer.stream;
	const { head, tail } = listEnvelope(answer);
	res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
	try {
		await writeChunk(res, head);
		for (let i = 0; i < items.length && !res.destroyed; i += STREAM_CHUNK_ITEMS) {
			const part = listChunk(answer, i);
			await writeChunk(res, i === 0 ? part : `,${part}`);
		}
		if (!res.destroyed) res.end(tail);
	} catch {
		// Half an answer cannot be taken back: the client sees the connection reset.
		res.destroy();
	}
}

/**
 * The first half of an answer (its status and headers, then half its body, chunked), then the
 * connection drops: a proxy or link failing while the answer is on its way.
 */
function breakOff(res, answer) {
	if (res.destroyed || answer.action) return;
	const streamed = answer.stream && listEnvelope(answer);
	const text = streamed
		? `${streamed.head}${listChunk(answer, 0)}${streamed.tail}`
		: answer.json !== undefined
			? JSON.stringify(answer.json)
			: String(answer.body ?? '');
	res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
	res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
}

function writeChunk(res, text) {
	if (res.destroyed || res.write(text)) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.once('drain', done);
		res.once('close', done);
	});
}

/** Authorization values and client secrets are hidden in what the control API serves. */
function redactRecord(entry) {
	const headers = { ...entry.headers };
	if (typeof headers.authorization === 'string') {
		const scheme = headers.authorization.trim().split(/\s+/)[0];
		headers.authorization = /^(bearer|basic)$/i.test(scheme) ? `${scheme} <redacted>` : '<redacted>';
	}
	const body = isPlainObject(entry.body) && 'client_secret' in entry.body ? { ...entry.body, client_secret: '<redacted>' } : entry.body;
	const rawBody = entry.rawBody
		.replace(/(client_secret=)[^&]*/g, '$1<redacted>')
		.replace(/("client_secret"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"<redacted>"');
	return { ...entry, headers, body, rawBody };
}

/** host:port for URLs; wildcard binds are shown as loopback, IPv6 literals in brackets. */
function formatHostPort(host, port) {
	const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
	return shown.includes(':') ? `[${shown}]:${port}` : `${shown}:${port}`;
}

function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		const onError = (error) => reject(error);
		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			resolve();
		});
	});
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

module.exports = { createCertificate, splitUrl, readBody, parseBody, sendAnswer, breakOff, redactRecord, formatHostPort, listen };
