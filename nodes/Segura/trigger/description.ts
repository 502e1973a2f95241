import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection, readOptions, timeoutOption } from '../model/options';
import { sessionFilterProperties } from '../model/sessionFilters';

/** The trigger's fields; n8n adds the Poll Times field itself to every polling node. */
export const properties: INodeProperties[] = [
	{
		displayName:
			'Each poll fetches Segura\'s whole session list; above 10,000 sessions, poll less often and raise Timeout (see the README)',
		name: 'pollIntervalNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['started', 'ended'],
		description: 'Which changes start the workflow: one item per session and event',
		options: [
			{
				name: 'Session Started',
				value: 'started',
				description: 'A remote session that started since the previous poll (never one from before the workflow was turned on)',
			},
			{
				name: 'Session Ended',
				value: 'ended',
				description: 'A remote session that now has an end time (also one that started and ended between two polls); never inferred from a session missing from the list',
			},
		],
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Segura has no filters for its session list: the node applies these to each poll\'s list',
		options: sessionFilterProperties,
	},
	optionsCollection([...readOptions, timeoutOption]),
];
