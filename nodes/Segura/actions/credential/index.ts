import type { INodeProperties } from 'n8n-workflow';

import * as checkIn from './checkIn.operation';
import * as checkOut from './checkOut.operation';
import * as getMany from './getMany.operation';
import type { Operation } from '../operation';
import { operationSubtitle } from '../common';

export const operations = { checkOut, checkIn, getMany } satisfies Record<string, Operation>;

/** The one resource; shown so that n8n words an AI tool's description from the operation (see remoteSession). */
export const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'credential',
	options: [{ name: 'Credential', value: 'credential' }],
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['credential'] } },
		default: 'checkOut',
		options: [
			{
				name: 'Check In',
				value: 'checkIn',
				action: 'Check in a credential',
				description: 'Release this application\'s custody of a credential (Segura: release custody); Segura may then change its password',
			},
			{
				name: 'Check Out',
				value: 'checkOut',
				action: 'Check out a credential',
				description: 'Read a credential with its password (Segura: view the credential, which takes custody of it until Check In)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many credentials',
				description: 'List the credentials this application may read, without passwords: to find a credential\'s ID',
			},
		],
	},
	...checkOut.description,
	...checkIn.description,
	...getMany.description,
];

/** The node's subtitle: the operation as the panel names it. */
export const subtitle = operationSubtitle(description[0]);
