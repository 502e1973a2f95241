/**
 * Generated cases per operation: mostly valid (so that a good share reaches the sandbox and the
 * oracle can check the request itself), some with one field broken, some wild. Whether a case is
 * valid is never taken from here: the oracle (oracle.ts) decides.
 */
import fc from 'fast-check';

import type { Values } from './oracle';

/** The characters that could change a URL path if an id went in unencoded, and non-ASCII. */
const PATH_BREAKERS = ['?', '#', '%', '/', '..', '.', ' ', '%2F', '%2e%2e', '&', '=', '+', ';', '\\', 'ñ', 'ü', '💥', '中', '\u00a0', '"', '<'];

/** Any id a Segura version may show: 40-hex, UUID, token, or text full of path breakers. */
export const sessionIdLike = fc.oneof(
	fc.hexaString({ minLength: 40, maxLength: 40 }),
	fc.uuid(),
	fc.base64String({ minLength: 8, maxLength: 64 }),
	fc.array(fc.oneof(fc.constantFrom(...PATH_BREAKERS), fc.hexaString({ minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
	fc.fullUnicodeString({ minLength: 1, maxLength: 20 }),
);

/** Values that break something somewhere: blanks, dot segments, controls, lone surrogates, non-text. */
export const nasty = fc.oneof(
	fc.constantFrom('', ' ', '\t\n', '.', '..', ' .. ', '/', 'a/b', '../x', '\u0000', 'a\u0007b', 'a\u007fb', '\uD800', 'x\uDC00y'),
	fc.constantFrom(0, -1, 1.5, 65536, 70000, 1e21, '1e3', '0x1F', '١٢٣', 'NaN', 'x'),
	fc.constantFrom(null, true, false, {}, [], ['a'], { a: 1 }),
	fc.string({ minLength: 256, maxLength: 300 }),
);

export const anyValue = fc.oneof(nasty, fc.string(), fc.fullUnicodeString({ maxLength: 30 }), fc.integer(), fc.double({ noNaN: true }), sessionIdLike);

/** Surrounding whitespace, which fields drop. */
const padded = (text: fc.Arbitrary<string>) =>
	fc.tuple(fc.constantFrom('', '', '', ' ', '\t'), text, fc.constantFrom('', '', '', ' ', '\n')).map(([a, s, b]) => `${a}${s}${b}`);

/** A positive integer as n8n may hand it over: a number, or digits from an expression. */
const positiveId = (max: number) =>
	fc.integer({ min: 1, max }).chain((n) => fc.constantFrom<unknown>(n, String(n), ` ${n} `, `+${n}`, `00${n}`));

const hostname = fc.oneof(fc.domain(), fc.constantFrom('linux-srv-01', 'WIN_DC01', 'db.corp.example.com.'));
const host = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom('10.66.33.17', '10.66.33.18', '10.66.33.20', 'linux-srv-01') },
	{ weight: 2, arbitrary: fc.ipV4() },
	{ weight: 2, arbitrary: hostname },
	{ weight: 1, arbitrary: fc.ipV6() },
	{ weight: 1, arbitrary: fc.ipV6().map((ip) => `[${ip}]`) },
);
const someText = fc.oneof(fc.constantFrom('alice', 'bob', 'carol', 'usrsudonopass', 'deploy'), fc.string({ minLength: 1, maxLength: 40 }), fc.fullUnicodeString({ minLength: 1, maxLength: 20 }));
const protocolName = fc.oneof(fc.constantFrom('SSH', 'RDP', 'ssh', 'HTTPS', 'VNC', 'Telnet', 'X11'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9+._-]{0,31}$/));
const timeout = fc.constantFrom(undefined, 0, 10_000, 600_000);
const zone = fc.constantFrom(undefined, '', 'UTC', ' America/Sao_Paulo ', 'Europe/Berlin', 'Asia/Kolkata');
const bool = fc.option(fc.boolean(), { nil: undefined });

/** Bad values per field, on top of `nasty`. */
const BAD: Record<string, fc.Arbitrary<unknown>> = {
	device: fc.constantFrom('not a host', '10.66.33', '999.1.1.1', '-lead.example', 'a..b', 'http://x', '1:2:3'),
	remoteAddr: fc.constantFrom('not a host', '300.1.1.1', ''),
	protocol: fc.constantFrom('S SH', '1SSH', 'ssh!', 'X'.repeat(33)),
	port: fc.constantFrom(0, 65536, 70000, '70000', -22, 22.5, '22a', null),
	remoteapp: fc.constantFrom(0, -1, 2.5, 'app', '9007199254740993'),
	screensize: fc.constantFrom('1920*1080', '0x0', '1920x', 'big', '019x1080', ''),
	timeout: fc.constantFrom(-1, 1.5, 600_001, '1000', null),
	timezone: fc.constantFrom('Mars/Olympus', 'America/Nowhere', 5),
	status: fc.constantFrom('open', 'ACTIVE', 1, null),
	startedAfter: fc.constantFrom('not a date', '2026-13-45', 5, null),
	startedBefore: fc.constantFrom('yesterday-ish', 5, null),
	limit: fc.constantFrom(0, -3, 2.5, '10', null),
	remoteSessionId: fc.constantFrom('abc', '0', '-1', '1.5', '1e3', '30 31', 'a'.repeat(40), '9007199254740993'),
	sessionHash: fc.constantFrom('', '   ', '.', '..', ' .. ', 'a/b', '/', '../etc', 'a\u0000b', 'x\ty', '\uD800x', 5, null),
	credentialId: fc.constantFrom('abc', '0', '-1', '1.5', '94 95', '9007199254740993', '94@db'),
	username: fc.constantFrom('svc@corp', '@', 'a@b@c', ''),
};

/** A valid-looking case, one field broken, or everything wild, in the ratio 3 : 2 : 1. */
function mix(valid: fc.Arbitrary<Values>, fields: string[]): fc.Arbitrary<Values> {
	const oneBroken = fc
		.tuple(valid, fc.constantFrom(...fields))
		.chain(([values, field]) => (BAD[field] ? fc.oneof(BAD[field], nasty) : nasty).map((bad) => ({ ...values, [field]: bad })));
	const wild = fc.tuple(valid, fc.array(fc.tuple(fc.constantFrom(...fields), anyValue), { maxLength: fields.length })).map(
		([values, overrides]) => ({ ...values, ...Object.fromEntries(overrides) }),
	);
	return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: oneBroken }, { weight: 1, arbitrary: wild });
}

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

export const createCase = mix(
	fc.record({
		user: padded(someText),
		device: padded(host),
		protocol: padded(protocolName),
		credential: opt(fc.oneof(fc.constant(''), padded(someText))),
		remotedevice: opt(fc.oneof(fc.constant(''), someText)),
		remoteAddr: opt(host),
		// Around the range too (0, 65536-70000): the oracle, not the generator, says which are valid.
		port: opt(fc.oneof(positiveId(65535), fc.integer({ min: -2, max: 70_000 }))),
		remoteapp: opt(positiveId(1_000_000)),
		screensize: opt(fc.tuple(fc.integer({ min: 10, max: 99999 }), fc.integer({ min: 10, max: 9999 })).map(([w, h]) => `${w}x${h}`)),
		includeSessionToken: bool,
		timeout,
	}),
	['user', 'device', 'protocol', 'credential', 'remotedevice', 'remoteAddr', 'port', 'remoteapp', 'screensize', 'includeSessionToken', 'timeout'],
);

/** Ids the seeded sandbox holds (30-37) and ones it does not. */
const remoteId = fc.oneof(positiveId(40).filter((id) => Number(id) >= 30), positiveId(Number.MAX_SAFE_INTEGER));

export const getCase = mix(
	fc.record({ remoteSessionId: remoteId, timezone: zone, addHelperFields: bool, timeout }),
	['remoteSessionId', 'timezone', 'addHelperFields', 'timeout'],
);

const isoDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z') }).map((d) => d.toISOString());

export const getManyCase = mix(
	fc.record({
		returnAll: fc.boolean(),
		limit: opt(fc.integer({ min: 1, max: 500 })),
		user: opt(someText),
		device: opt(host),
		protocol: opt(protocolName),
		status: opt(fc.constantFrom('any', 'active', 'ended')),
		ticket: opt(fc.oneof(someText, fc.constantFrom('INC0012345', 'inc00123', '4101'))),
		ticketMatch: opt(fc.constantFrom('exact', 'contains')),
		startedAfter: opt(fc.oneof(isoDate, fc.constantFrom('', '2026-11-22 10:00:00'))),
		startedBefore: opt(isoDate),
		timezone: zone,
		addHelperFields: bool,
		timeout,
	}),
	['limit', 'user', 'device', 'protocol', 'status', 'ticket', 'ticketMatch', 'startedAfter', 'startedBefore', 'timezone', 'addHelperFields', 'timeout'],
);

/** `hashes` are the sandbox's own session_ids, so that some drops succeed. */
export const terminateCase = (hashes: string[]) =>
	mix(
		fc.record({
			terminateBy: fc.constantFrom('sessionHash', 'sessionHash', 'remoteSessionId'),
			sessionHash: fc.oneof(padded(sessionIdLike), fc.constantFrom(...hashes), fc.constantFrom(...hashes).map((h) => h.toUpperCase())),
			remoteSessionId: remoteId,
			ignoreIfAlreadyEnded: bool,
			timeout,
		}),
		['sessionHash', 'remoteSessionId', 'ignoreIfAlreadyEnded', 'timeout'],
	);

/** Credential ids the seeded sandbox holds (94-100) and ones it does not. */
const credentialIdLike = fc.oneof(positiveId(100).filter((id) => Number(id) >= 94), positiveId(Number.MAX_SAFE_INTEGER));
const custodyUsername = fc.oneof(fc.constantFrom('dbadmin', 'deploy-key', 'CORP\\svc-rdp', 'Administrator', 'oracle'), someText);

export const checkOutCase = mix(
	fc.record({
		checkOutBy: fc.constantFrom('credentialId', 'credentialId', 'usernameAndDevice'),
		credentialId: credentialIdLike,
		username: padded(custodyUsername),
		device: padded(fc.oneof(fc.constantFrom('linux-srv-01', 'db-prod-01', 'win-jump-01'), host)),
		includePassword: bool,
		addHelperFields: bool,
		timezone: zone,
		timeout,
	}),
	['credentialId', 'username', 'device', 'includePassword', 'addHelperFields', 'timezone', 'timeout'],
);

export const checkInCase = mix(
	fc.record({ credentialId: credentialIdLike, ignoreIfNotCheckedOut: bool, timeout }),
	['credentialId', 'ignoreIfNotCheckedOut', 'timeout'],
);

export const credentialGetManyCase = mix(
	fc.record({
		returnAll: fc.boolean(),
		limit: opt(fc.integer({ min: 1, max: 500 })),
		device: opt(fc.oneof(host, someText)),
		username: opt(custodyUsername),
		type: opt(fc.constantFrom('Local User', 'ssh key', 'Domain User', 'x')),
		timeout,
	}),
	['limit', 'device', 'username', 'type', 'timeout'],
);

/** Cases every run checks before the generated ones: the edges the issue names. */
export function examples(activeHash: string): Record<'create' | 'get' | 'getMany' | 'terminate' | 'checkOut' | 'checkIn' | 'credentialGetMany', Values[]> {
	const create = { user: 'alice', device: '10.66.33.17', protocol: 'SSH' };
	const hash = (sessionHash: unknown, extra: Values = {}) => ({ terminateBy: 'sessionHash', sessionHash, ...extra });
	return {
		create: [
			{ ...create, port: 70000 },
			{ ...create, port: '65536' },
			{ ...create, port: 0 },
			{ ...create, port: 65535, remoteapp: '7', screensize: '1920x1080', credential: ' usrsudonopass ' },
			{ ...create, port: ' 22 ', credential: '', remotedevice: '' },
			{ ...create, device: '1:2:3:4:5:6:1.2.3.4', remoteAddr: '[::ffff:10.0.0.1]' },
			{ ...create, device: '10.66.33.17/../x' },
			{ ...create, remoteAddr: '' },
		],
		get: ['30', ' 007 ', '+31', 30, '30?x=1', '30#f', '30/../31', '..', '%33%30', '3 0', '٣٠', 0, '9007199254740993'].map((remoteSessionId) => ({ remoteSessionId })),
		getMany: [{ returnAll: false, limit: 0 }, { returnAll: true, limit: 0 }, { returnAll: true, status: 'open' }, { returnAll: true, startedAfter: 'not a date' }],
		terminate: [
			...['a b', '?x=1', '#frag', '%', '%2F', '%2e%2e', '...', '.x.', ' ñandú ', '💥', '中文', '018d3131-9a4c-7b2e-8f00-0123456789ab'].map((id) => hash(id)),
			...['a/b', '/', '..', '.', ' .. ', '', '   ', 'a\u0000b', '\uD800'].map((id) => hash(id)),
			hash(activeHash.toUpperCase()),
			hash('ab'.repeat(20), { ignoreIfAlreadyEnded: true }),
			{ terminateBy: 'remoteSessionId', remoteSessionId: '37' },
			{ terminateBy: 'remoteSessionId', remoteSessionId: '30', ignoreIfAlreadyEnded: true },
			{ terminateBy: 'remoteSessionId', remoteSessionId: '30/../37' },
		],
		checkOut: [
			{ checkOutBy: 'usernameAndDevice', username: 'svc@corp.example', device: 'db-prod-01' },
			{ checkOutBy: 'usernameAndDevice', username: 'CORP\\svc-rdp', device: 'win-jump-01' },
			{ checkOutBy: 'usernameAndDevice', username: ' dbadmin ', device: ' db-prod-01 ' },
			{ checkOutBy: 'credentialId', credentialId: '94/../95' },
			{ checkOutBy: 'credentialId', credentialId: ' 097 ' },
		],
		checkIn: ['94', '95/../94', 'custody/94', '+96', 0].map((credentialId) => ({ credentialId })),
		credentialGetMany: [{ returnAll: false, limit: 0 }, { returnAll: true, device: '10.66.33.17', type: 'SSH Key' }],
	};
}
