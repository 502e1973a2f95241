import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { sessionsOfRun } from '../../transport/reads';
import { withHelperFields } from '../../model/sessionFields';
import { newestMatching, sessionFilterProperties, sessionFilterSchema } from '../../model/sessionFilters';
import { dateTimeText, validateParameters } from '../../model/validation';
import { concurrencyOption, getOptions, optionsCollection, readOptions, timeoutOption } from '../../model/options';
import { returnAllAndLimit } from '../common';

const properties: INodeProperties[] = [
	{
		displayName:
			'Fetches Segura\'s whole session list once per run; on a large appliance, raise Timeout (see the README)',
		name: 'slowListNotice',
		type: 'notice',
		default: '',
	},
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Segura has no filters for this call: the node applies these to the full list',
		options: [
			...sessionFilterProperties.slice(0, 2),
			{
				displayName: 'Started After',
				name: 'startedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only sessions that started at or after this time',
			},
			{
				displayName: 'Started Before',
				name: 'startedBefore',
				type: 'dateTime',
				default: '',
				description: 'Only sessions that started before this time',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Active', value: 'active', description: 'Sessions with no end yet' },
					{ name: 'Any', value: 'any' },
					{ name: 'Ended', value: 'ended', description: 'Sessions with an end time' },
				],
				description: 'Only active sessions, only ended ones, or any. By expression: active, ended or any.',
			},
			...sessionFilterProperties.slice(2),
		],
	},
	optionsCollection([...readOptions, concurrencyOption, timeoutOption]),
];

export const description = updateDisplayOptions({ show: { operation: ['getMany'] } }, properties);

const parametersSchema = z.object({
	returnAll: z.boolean(),
	limit: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
	filters: z
		.object({
			...sessionFilterSchema,
			status: z.enum(['any', 'active', 'ended']).default('any'),
			startedAfter: dateTimeText,
			startedBefore: dateTimeText,
		})
		.strict(),
});

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const parameters = validateParameters(
		this,
		parametersSchema,
		{
			returnAll,
			limit: returnAll ? undefined : this.getNodeParameter('limit', itemIndex, 50),
			filters: this.getNodeParameter('filters', itemIndex, {}),
		},
		itemIndex,
	);
	const options = getOptions(this, itemIndex);
	const sessions = await sessionsOfRun(this, { itemIndex, timeoutMs: options.timeout, what: 'Get Many' });
	const limit = parameters.returnAll ? Infinity : (parameters.limit ?? 50);
	const selected = newestMatching(sessions, parameters.filters, options.timezone, limit);
	if (!options.addHelperFields) return selected.map(({ session }) => session as IDataObject);
	const nowMs = Date.now();
	return selected.map((entry) => withHelperFields(entry, { timeZone: options.timezone, nowMs }));
}
