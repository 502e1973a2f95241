/**
 * Secret canary, custody: a checked-out password or private key may appear only as an item's
 * `password` / `content` of Check Out's output (and the items that carry it on), never in errors,
 * logs or validation echoes; see canary.ts.
 */
import type { INodeParameters } from 'n8n-workflow';

import { checkOutOutput, describeScenarios, rigs, run, useCanary, type Scenario } from './canary';

useCanary('reliability: secret canary (custody)');

const checkOut = (credentialId: string, options: INodeParameters = {}): INodeParameters => ({ resource: 'credential', operation: 'checkOut', checkOutBy: 'credentialId', credentialId, options });

const OPERATIONS: Scenario[] = [
	{
		name: 'Check Out a password, then Check In: the password only as json.password',
		async run() {
			const out = await run(checkOut('97'));
			expect(rigs.http.sandbox.credentialSecrets()).toContain(out.items[0].json.password);
			const back = await run({ resource: 'credential', operation: 'checkIn', credentialId: '97' });
			expect(back.items[0].json.released).toBe(true);
			return { runs: [out, back], allowed: checkOutOutput(out) };
		},
	},
	{
		name: 'Check Out an SSH key: its private key only as json.content',
		async run() {
			const out = await run(checkOut('96'));
			expect(String(out.items[0].json.content)).toContain('PRIVATE KEY');
			return { runs: [out], allowed: checkOutOutput(out) };
		},
	},
	{
		name: 'Check Out with Include Password off: no secret anywhere',
		async run() {
			const out = await run(checkOut('96', { includePassword: false }));
			expect(out.items[0].json).not.toHaveProperty('content');
			return { runs: [out] };
		},
	},
	{
		name: 'Get Many: the list holds no secret',
		async run() {
			await run(checkOut('94'));
			const listed = await run({ resource: 'credential', operation: 'getMany', returnAll: true });
			expect(listed.items.length).toBe(7);
			return { runs: [listed] };
		},
	},
];

/** Check Out's password carried by expression into a field of the next operation, as a mistaken mapping does. */
function fedFromCheckOut(name: string, parameters: INodeParameters, message: RegExp): Scenario {
	return {
		name,
		async run() {
			const out = await run(checkOut('97'));
			expect(out.error).toBeUndefined();
			const result = await run(parameters, out.items.map((item) => ({ json: item.json })));
			expect(result.error?.message).toMatch(message);
			return { runs: [out, result], allowed: checkOutOutput(out) };
		},
	};
}

const password = '={{ $json.password }}';
const INPUTS: Scenario[] = [
	fedFromCheckOut('Check In, Credential ID = the password', { resource: 'credential', operation: 'checkIn', credentialId: password }, /Credential ID \(credentialId\)/),
	fedFromCheckOut('Check Out, Username = the password (sent, Segura has no such credential)', { resource: 'credential', operation: 'checkOut', checkOutBy: 'usernameAndDevice', username: password, device: 'db-prod-01' }, /1007/),
	fedFromCheckOut('Check Out, Device = the password', { resource: 'credential', operation: 'checkOut', checkOutBy: 'usernameAndDevice', username: 'dbadmin', device: password }, /Device \(device\)|1007/),
	fedFromCheckOut('Get Many, Limit = the password', { resource: 'credential', operation: 'getMany', returnAll: false, limit: password }, /Limit \(limit\)|limit/i),
	fedFromCheckOut('Create, User = the password (Segura has no such user)', { operation: 'create', user: password, device: '10.66.33.17', protocol: 'SSH', credential: 'deploy' }, /Segura has no user|not found/i),
];

describeScenarios([
	['custody operations', OPERATIONS],
	['passwords fed into fields', INPUTS],
]);
