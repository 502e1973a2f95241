/**
 * Parameter validation (helpers/validation.ts), called directly: what each rule accepts, and the
 * error that names the field as the panel shows it, says what is wrong and shows the value received.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod/v3';

import {
	hostOrIp,
	nonBlank,
	optionalParameterText,
	port,
	protocol,
	remoteapp,
	remoteSessionId,
	screensize,
	sessionHash,
	validateParameters,
} from '../../nodes/Segura/model/validation';

const node: INode = { id: 'n', name: 'Segura', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
const context = { getNode: () => node } as unknown as IExecuteFunctions;

function failure(schema: z.ZodTypeAny, raw: Record<string, unknown>, itemIndex = 0): NodeOperationError {
	try {
		validateParameters(context, schema, raw, itemIndex);
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('validation passed');
}

const NOTHING_SENT =
	'Nothing was sent to Segura. Fix the value in the node (or the expression that produces it) and run again.';

describe('the validation error', () => {
	it('names the field by its label and its name, says what is wrong and what was received', () => {
		const error = failure(z.object({ device: hostOrIp }), { device: 'bad host!' }, 3);
		expect(error.message).toBe('Invalid parameter: Device (device) must be a hostname or an IPv4/IPv6 address');
		expect(error.description).toBe(`Received "bad host!". ${NOTHING_SENT}`);
		expect(error.context.itemIndex).toBe(3);
	});

	it('reads the value of a nested field (Additional Fields > Port)', () => {
		const schema = z.object({ additionalFields: z.object({ port }) });
		const error = failure(schema, { additionalFields: { port: 70000 } });
		expect(error.message).toBe('Invalid parameter: Port (port) must be an integer from 1 to 65535');
		expect(error.description).toBe(`Received 70000. ${NOTHING_SENT}`);
	});

	it.each([
		['remoteSessionId', 'Numeric ID'],
		['sessionHash', 'Session ID'],
		['remoteAddr', 'Remote Address'],
		['screensize', 'Screen Size'],
		['credential', 'Device Credential'],
		['timezone', 'Appliance Timezone'],
	])('%s is shown as %s', (field, label) => {
		const error = failure(z.object({ [field]: z.number() }), { [field]: 'x' });
		expect(error.message).toBe(`Invalid parameter: ${label} (${field}) Expected number, received string`);
	});

	it('a field without a label keeps its name; no field at all says parameters', () => {
		expect(failure(z.object({ other: z.number() }), { other: 'x' }).message).toBe(
			'Invalid parameter: other (other) Expected number, received string',
		);
		expect(failure(z.number(), {}).message).toBe('Invalid parameter: parameters (parameters) Expected number, received object');
	});

	it.each([
		[undefined, 'nothing'],
		[null, 'nothing'],
		[false, 'false'],
		['a'.repeat(58), `"${'a'.repeat(58)}"`],
		['a'.repeat(59), `"${'a'.repeat(59)}…`],
		[{ id: 5 }, '{"id":5}'],
		[[1, 2], '[1,2]'],
	])('received %p is shown as %s (at most 60 characters)', (value, shown) => {
		const error = failure(z.object({ user: z.number() }), { user: value });
		expect(error.description).toBe(`Received ${shown}. ${NOTHING_SENT}`);
	});

	it('the value of a field under a value that is not an object is nothing', () => {
		const error = failure(z.object({ additionalFields: z.object({ port }) }), { additionalFields: 'text' });
		expect(error.description).toBe(`Received "text". ${NOTHING_SENT}`);
	});
});

describe('what each rule accepts', () => {
	const parse = (schema: z.ZodTypeAny, value: unknown) => schema.safeParse(value);
	const message = (schema: z.ZodTypeAny, value: unknown) => {
		const result = parse(schema, value);
		return result.success ? 'valid' : result.error.issues[0].message;
	};

	it.each([
		['10.66.33.17', 'valid'],
		['::1', 'valid'],
		['[fe80::1]', 'valid'],
		['[10.0.0.1]', 'must be a hostname or an IPv4/IPv6 address'],
		['[fe80::1', 'must be a hostname or an IPv4/IPv6 address'],
		['fe80::1]', 'must be a hostname or an IPv4/IPv6 address'],
		['host_name.example.com.', 'valid'],
		['1.2.3', 'must be a hostname or an IPv4/IPv6 address'],
		['3com.example', 'valid'],
		['10.66.33.17a', 'valid'],
		['-host', 'must be a hostname or an IPv4/IPv6 address'],
		['a'.repeat(64), 'must be a hostname or an IPv4/IPv6 address'],
		[null, 'is required'],
		['  ', 'must not be empty'],
		[5, 'must be text'],
	])('host %p: %s', (value, expected) => {
		expect(message(hostOrIp, value)).toBe(expected);
	});

	it('text is trimmed, at most 255 characters', () => {
		expect(parse(nonBlank, '  alice ')).toEqual({ success: true, data: 'alice' });
		expect(message(nonBlank, 'a'.repeat(255))).toBe('valid');
		expect(message(nonBlank, 'a'.repeat(256))).toBe('must be at most 255 characters');
		expect(parse(optionalParameterText, '   ')).toEqual({ success: true, data: undefined });
		expect(parse(optionalParameterText, ' root ')).toEqual({ success: true, data: 'root' });
	});

	it.each([
		[22, 22],
		['22', 22],
		[' +22 ', 22],
		[1, 1],
		[65535, 65535],
	])('port %p is %p', (value, expected) => {
		expect(parse(port, value)).toEqual({ success: true, data: expected });
	});

	it.each([0, 65536, 70000, 1.5, '2 2', '0x16', '-22'])('port %p is refused', (value) => {
		expect(message(port, value)).toBe('must be an integer from 1 to 65535');
	});

	it('the numeric session id is kept as text, without sign or spaces', () => {
		expect(parse(remoteSessionId, ' +30 ')).toEqual({ success: true, data: '30' });
		expect(parse(remoteSessionId, 7)).toEqual({ success: true, data: '7' });
		const refusal = 'must be a positive integer (the numeric id, not the session_id hash)';
		for (const value of [0, -1, 2.5, 'abc', '9007199254740992', Infinity]) {
			expect(message(remoteSessionId, value)).toBe(refusal);
		}
		expect(message(remoteapp, '0')).toBe('must be a positive integer (the RemoteApp ID)');
	});

	it.each([
		['1920x1080', 'valid'],
		['10x10', 'valid'],
		['99999x99999', 'valid'],
		['1x10', 'must be WIDTHxHEIGHT, such as 1920x1080'],
		['0920x1080', 'must be WIDTHxHEIGHT, such as 1920x1080'],
		['100000x10', 'must be WIDTHxHEIGHT, such as 1920x1080'],
		['1920X1080', 'must be WIDTHxHEIGHT, such as 1920x1080'],
	])('screen size %s: %s', (value, expected) => {
		expect(message(screensize, value)).toBe(expected);
	});

	it.each([
		['SSH', 'valid'],
		['x-rdp+tls.v2_1', 'valid'],
		[`A${'b'.repeat(31)}`, 'valid'],
		[`A${'b'.repeat(32)}`, 'must be a protocol name such as SSH, RDP or HTTPS'],
		['1SSH', 'must be a protocol name such as SSH, RDP or HTTPS'],
		['SSH TLS', 'must be a protocol name such as SSH, RDP or HTTPS'],
	])('protocol %s: %s', (value, expected) => {
		expect(message(protocol, value)).toBe(expected);
	});

	it.each([
		['df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b', 'valid'],
		['a b?c#d%e', 'valid'],
		['...', 'valid'],
		['..', 'must be a session_id, not "." or ".."'],
		['a/b', 'must not contain "/" or control characters'],
		['a\u001fb', 'must not contain "/" or control characters'],
		['a\u007fb', 'must not contain "/" or control characters'],
	])('session hash %p: %s', (value, expected) => {
		expect(message(sessionHash, value)).toBe(expected);
	});
});
