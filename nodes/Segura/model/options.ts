/** The Options collections of the operations and the trigger, and how an Options value is read. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v3';

import { isValidTimeZone } from './sessionFields';
import { validateParameters } from './validation';

/** The Options collection of an operation; n8n lists its entries alphabetically. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/**
 * Requests in flight per run unless the user says otherwise: the most the appliance should see
 * from one run. At 8, a 20 ms appliance left n8n waiting on the network (1.06x the HTTP Request
 * node's default items/s); 10 reached 1.23x, 12 and 16 no more (npm run bench:defaults, BENCH_SWEEP).
 */
export const DEFAULT_CONCURRENCY = 10;

/** Options every operation offers. */
export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Milliseconds to wait for each answer from Segura before giving up; 0 keeps n8n\'s default',
};

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: DEFAULT_CONCURRENCY,
	description:
		'How many items are sent to Segura at the same time (the first item always goes alone, so one token serves the run). 10 keeps ahead of the HTTP Request node; lower it for a busy appliance, 1 sends one after another. Output order and pairing stay the same at any value.',
};

/** The zone the appliance's times are in: Get and Get Many date sessions by it, Terminate compares starts. */
export const timezoneOption: INodeProperties = {
	displayName: 'Appliance Timezone',
	name: 'timezone',
	type: 'string',
	default: '',
	placeholder: 'America/Sao_Paulo',
	description:
		'IANA time zone the appliance reports start and end in (they carry no offset). Empty uses the workflow\'s time zone.',
};

/** Options of the operations that read sessions (Get, Get Many). */
export const readOptions: INodeProperties[] = [
	{
		displayName: 'Add Helper Fields',
		name: 'addHelperFields',
		type: 'boolean',
		default: true,
		description:
			'Whether to add start_iso, end_iso, duration_seconds, device_host, device_port, active and ticket beside the API\'s own fields',
	},
	timezoneOption,
];

const optionsSchema = z
	.object({
		timeout: z.number().int('must be a whole number of milliseconds').min(0).max(600_000).default(0),
		concurrency: z.number().int('must be a whole number').min(1).max(50).default(DEFAULT_CONCURRENCY),
		timezone: z
			.string()
			.trim()
			.default('')
			.refine((zone) => zone === '' || isValidTimeZone(zone), 'must be an IANA time zone such as Europe/Berlin'),
		addHelperFields: z.boolean().default(true),
		// No default here: Create's default depends on whether the node runs as an AI tool.
		includeSessionToken: z.boolean().optional(),
		ignoreIfAlreadyEnded: z.boolean().default(false),
		// No default either: Check Out's default depends on whether the node runs as an AI tool.
		includePassword: z.boolean().optional(),
		ignoreIfNotCheckedOut: z.boolean().default(false),
	})
	.passthrough();

type OperationOptions = z.output<typeof optionsSchema>;

/** The item's Options collection, validated; the time zone falls back to the workflow's. */
export function getOptions(context: IExecuteFunctions, itemIndex: number): OperationOptions {
	return parseOptions(context, context.getNodeParameter('options', itemIndex, {}) as IDataObject, itemIndex);
}

/** An Options collection as read (from a node run or a poll), validated, with the time zone filled in. */
export function parseOptions(
	context: Pick<IExecuteFunctions, 'getNode' | 'getTimezone'>,
	raw: IDataObject,
	itemIndex: number,
): OperationOptions {
	const options = validateParameters(context, optionsSchema, raw, itemIndex);
	if (!options.timezone) options.timezone = context.getTimezone();
	return options;
}
