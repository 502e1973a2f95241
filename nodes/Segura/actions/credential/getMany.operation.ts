import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { credentialsOfRun } from '../../transport/reads';
import { credentialMatcher } from '../../model/inventory';
import { optionalParameterText, validateParameters } from '../../model/validation';
import { concurrencyOption, getOptions, optionsCollection, timeoutOption } from '../../model/options';
import { custodyError } from './custodyErrors';
import { returnAllAndLimit } from '../common';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Segura\'s credential list has no filters: the node applies these to the list, read once per run',
		options: [
			{ displayName: 'Device', name: 'device', type: 'string', default: '', placeholder: 'db-prod-01', description: 'Only credentials of this device: its hostname or IP address' },
			{ displayName: 'Type', name: 'type', type: 'string', default: '', placeholder: 'Local User', description: 'Only credentials of this type, as Segura names it (Local User, Domain User, SSH Key)' },
			{ displayName: 'Username', name: 'username', type: 'string', default: '', placeholder: 'dbadmin', description: 'Only credentials with this username' },
		],
	},
	optionsCollection([concurrencyOption, timeoutOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['credential'], operation: ['getMany'] } }, properties);

const parametersSchema = z.object({
	returnAll: z.boolean(),
	limit: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
	filters: z.object({ device: optionalParameterText, type: optionalParameterText, username: optionalParameterText }).passthrough(),
});

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false);
	const raw = { returnAll, limit: returnAll ? undefined : this.getNodeParameter('limit', itemIndex, 50), filters: this.getNodeParameter('filters', itemIndex, {}) };
	const { limit, filters } = validateParameters(this, parametersSchema, raw, itemIndex);
	const options = getOptions(this, itemIndex);
	try {
		const listed = await credentialsOfRun(this, { itemIndex, timeoutMs: options.timeout, what: 'Get Many' });
		const matching = listed.filter(credentialMatcher(filters));
		return (limit === undefined ? matching : matching.slice(0, limit)) as IDataObject[];
	} catch (error) {
		throw custodyError(this, error, itemIndex, 'Get Many');
	}
}
