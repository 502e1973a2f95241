import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as terminate from './terminate.operation';
import type { Operation } from '../operation';
import { operationSubtitle } from '../common';

export const operations = { create, get, getMany, terminate } satisfies Record<string, Operation>;

/**
 * The one resource. n8n words an AI tool's description from the chosen operation's `action` only
 * when the operation is shown for a resource (NodeHelpers.makeDescription); without one, every
 * Segura tool on an agent would be described to the model by the node's general description.
 */
export const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'remoteSession',
	options: [{ name: 'Remote Session', value: 'remoteSession' }],
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['remoteSession'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a web proxy session URL',
				description:
					'Create an authenticated web proxy session URL that gives a user access to a device; hand the link on at once (it expires within seconds)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a remote session',
				description:
					'Get one remote session by its numeric ID (as Get Many returns it): who, which device, protocol, start, end and duration. Use Get Many when the ID is not known.',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many remote sessions',
				description:
					'List remote sessions, newest first, filtered by user, device, protocol, status or start time: for audits, or to find a session\'s ID before Get or Terminate',
			},
			{
				name: 'Terminate',
				value: 'terminate',
				action: 'Terminate a remote session',
				description:
					'End (drop) a remote session by its session_id hash or numeric ID, e.g. when the access window closes',
			},
		],
	},
	...create.description,
	...get.description,
	...getMany.description,
	...terminate.description,
];

/** The node's subtitle: the operation as the panel names it. */
export const subtitle = operationSubtitle(description[0]);
