/**
 * Values a user mapped into a field, as the node takes them: what a validation error echoes (secret-shaped
 * parts hidden), half a Unicode character in Session ID, IPv6 forms ending in dotted IPv4.
 */
import { NodeOperationError } from 'n8n-workflow';

import { maskSecrets } from '../../nodes/Segura/errors/redaction';
import { ok, runNode } from './mock-context';

describe('maskSecrets: what a validation error may echo of a value', () => {
	it.each([
		['"https://pam/modulos/auth?_sr=Ab-_9x&y=1"', '"https://pam/modulos/auth?_sr=[redacted]&y=1"'],
		['"6a3afbb1b32262"', '"[hidden]"'],
		['"abc12345678"', '"abc12345678"'],
		['"abc123456789"', '"[hidden]"'],
		['"123456789012"', '"[hidden]"'],
		['"usrsudonopass"', '"usrsudonopass"'],
		['"not a host"', '"not a host"'],
		['"2026-13-45T10:00:00"', '"2026-13-45T10:00:00"'],
		['"x_6a3afbb1b32262"', '"x_[hidden]"'],
		// A session_id is an id, not a secret: 40 hex digits or a UUID stay readable.
		['"df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b"', '"df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b"'],
		['"018d3131-0bf6-71c2-be17-999f062b8312"', '"018d3131-0bf6-71c2-be17-999f062b8312"'],
		// 41 or 64 hex digits (a 3.32 session token) are no session_id: hidden.
		['"df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b0"', '"[hidden]"'],
		[`"${'ab12'.repeat(16)}"`, '"[hidden]"'],
		// A UUID's last group alone, or glued to more text, is no UUID.
		['"x999f062b8312"', '"[hidden]"'],
		['"018d3131-0bf6-71c2-be17-999f062b8312ab"', '"018d3131-0bf6-71c2-be17-[hidden]"'],
	])('%s -> %s', (text, shown) => {
		expect(maskSecrets(text)).toBe(shown);
	});
});

describe('validation errors', () => {
	const description = (error: unknown) => (error as NodeOperationError).description;

	it('show the value received, with a token-shaped value hidden, and name the field', async () => {
		const { error, requests } = await runNode({ parameters: { operation: 'get', remoteSessionId: '6a3afbb1b32262' } });
		expect(requests).toEqual([]);
		expect(error?.message).toBe('Invalid parameter: Numeric ID (remoteSessionId) must be a positive integer (the numeric id, not the session_id hash)');
		expect(description(error)).toBe('Received "[hidden]". Nothing was sent to Segura. Fix the value in the node (or the expression that produces it) and run again.');
	});

	it('show a session_id mapped into Numeric ID as it is: an id, not a secret', async () => {
		const hash = 'df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b';
		const { error, requests } = await runNode({ parameters: { operation: 'get', remoteSessionId: hash } });
		expect(requests).toEqual([]);
		expect(description(error)).toMatch(new RegExp(`^Received "${hash}"\\.`));
	});

	it('never show a session URL\'s _sr value', async () => {
		const sessionUrl = 'https://10.66.33.120/modulos/auth?_sr=QmVhcmVyU2VjcmV0';
		const { error } = await runNode({ parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: sessionUrl } });
		expect(error?.message).toMatch(/^Invalid parameter: Session ID \(sessionHash\) must not contain "\/"/);
		expect(description(error)).toMatch(/^Received "https:\/\/10\.66\.33\.120\/modulos\/auth\?_sr=\[redacted\]"\./);
	});

	it('refuse a Session ID holding half a Unicode character (it cannot be URL-encoded)', async () => {
		const { error, requests } = await runNode({ parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: 'ab\uD800cd' } });
		expect(requests).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Invalid parameter: Session ID (sessionHash) must be well-formed text (it holds half of a Unicode character)');
	});
});

describe('devices and remote addresses: IPv6 in every RFC 4291 form', () => {
	const created = ok({ session: { session_url: 'https://pam/modulos/auth?_sr=x', token: 't' } });
	const create = (device: string) => runNode({ parameters: { operation: 'create', user: 'alice', device, protocol: 'SSH' }, answers: [created] });

	it.each(['1:2:3:4:5:6:1.2.3.4', '::b9:1:8db:2.249.7.3', '::1.2.3.4', '64:ff9b::1.2.3.4', '[::ffff:10.0.0.1]', '2001:db8::1', '::'])('accepts %s', async (device) => {
		const { error, requests } = await create(device);
		expect(error).toBeUndefined();
		expect(requests[0].body).toMatchObject({ device });
	});

	it.each(['1:2:3:4:5:6:7:1.2.3.4', '1::2:3:4:5:6:7:1.2.3.4', '::1.2.3', '::1.2.3.256', ':1.2.3.4', '1:2:3:4:5:6:7:8:9'])('refuses %s', async (device) => {
		const { error, requests } = await create(device);
		expect(requests).toEqual([]);
		expect(error?.message).toMatch(/^Invalid parameter: Device \(device\) must be a hostname or an IPv4\/IPv6 address$/);
	});
});
