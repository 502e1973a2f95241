import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { checkOutCredential } from '../../transport/custody';
import { checkedOutItem } from '../../model/credentialFields';
import { credentialId, custodyUsername, hostOrIp, validateParameters } from '../../model/validation';
import { concurrencyOption, getOptions, optionsCollection, timeoutOption, timezoneOption } from '../../model/options';
import { runsAsTool } from '../toolMode';
import { credentialIdProperty } from '../common';
import { custodyError } from './custodyErrors';

const properties: INodeProperties[] = [
	{
		displayName: 'Check Out By',
		name: 'checkOutBy',
		type: 'options',
		noDataExpression: true,
		default: 'credentialId',
		options: [
			{ name: 'Credential ID', value: 'credentialId', description: 'The ID Get Many lists, such as 94' },
			{ name: 'Username and Device', value: 'usernameAndDevice', description: 'A username and its device\'s hostname (a username with "@" needs the ID)' },
		],
	},
	{ ...credentialIdProperty('The credential to check out: its id, as Get Many lists it'), displayOptions: { show: { checkOutBy: ['credentialId'] } } },
	{
		displayName: 'Username',
		name: 'username',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'dbadmin',
		description: 'The credential\'s username, as registered for the device',
		displayOptions: { show: { checkOutBy: ['usernameAndDevice'] } },
	},
	{
		displayName: 'Device',
		name: 'device',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'db-prod-01',
		description: 'The hostname of the device the credential belongs to',
		displayOptions: { show: { checkOutBy: ['usernameAndDevice'] } },
	},
	optionsCollection([
		{
			displayName: 'Add Helper Fields',
			name: 'addHelperFields',
			type: 'boolean',
			default: true,
			description: 'Whether to add expires_at (the credential\'s expiration_time in ISO 8601, or null) beside Segura\'s fields',
		},
		{
			displayName: 'Include Password',
			name: 'includePassword',
			type: 'boolean',
			default: true,
			description:
				'Whether to output the password (and content, such as an SSH private key). As an AI agent\'s tool the node leaves them out unless this option is added and on, so the model never sees them.',
		},
		timezoneOption,
		concurrencyOption,
		timeoutOption,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['credential'], operation: ['checkOut'] } }, properties);

const byId = z.object({ credentialId });
const byName = z.object({ username: custodyUsername, device: hostOrIp });

/** The `{id}` of the check-out path: the id, or `username@hostname`. */
function pathId(context: IExecuteFunctions, itemIndex: number): string {
	if (context.getNodeParameter('checkOutBy', itemIndex) === 'usernameAndDevice') {
		const raw = { username: context.getNodeParameter('username', itemIndex, ''), device: context.getNodeParameter('device', itemIndex, '') };
		const { username, device } = validateParameters(context, byName, raw, itemIndex);
		return `${username}@${device}`;
	}
	return validateParameters(context, byId, { credentialId: context.getNodeParameter('credentialId', itemIndex, '') }, itemIndex).credentialId;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = pathId(this, itemIndex);
	const options = getOptions(this, itemIndex);
	try {
		const credential = await checkOutCredential(this, { id, itemIndex, timeoutMs: options.timeout, what: 'Check Out' });
		const includePassword = options.includePassword ?? !runsAsTool(this);
		return [checkedOutItem(credential, { includePassword, addHelperFields: options.addHelperFields, timeZone: options.timezone })];
	} catch (error) {
		throw custodyError(this, error, itemIndex, 'Check Out');
	}
}
