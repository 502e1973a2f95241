import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { dropSession } from './drop';
import { alreadyEndedError, endedItem, sessionByHash, sessionById, sessionError } from './sessionLookup';
import { terminateMatching } from './terminateMatching';
import type { RemoteSession } from '../../model/responses';
import { dateTimeText, hostOrIp, nonBlank, remoteSessionId, sessionHash, validateParameters } from '../../model/validation';
import { concurrencyOption, getOptions, optionsCollection, timeoutOption, timezoneOption } from '../../model/options';
import { deviceProperty, remoteSessionIdProperty, userProperty } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Terminate By',
		name: 'terminateBy',
		type: 'options',
		default: 'sessionHash',
		options: [
			{
				name: 'Session ID',
				value: 'sessionHash',
				description: 'The "session_id" field of the session, as Get, Get Many and the trigger return it',
			},
			{
				name: 'Active Sessions of a User on a Device',
				value: 'userDevice',
				description: 'Every active session of the user on the device, optionally only those started after a time',
			},
			{
				name: 'Numeric ID',
				value: 'remoteSessionId',
				description: 'The "ID" field of the session, such as 30; the node looks its session_id up first',
			},
		],
		description: 'Which session to end: by its session_id, by its numeric ID, or every active one of a user on a device',
	},
	{
		...userProperty('Segura username whose active sessions to end, as given to Create'),
		displayOptions: { show: { terminateBy: ['userDevice'] } },
	},
	{
		...deviceProperty('Hostname or IP address of the device, as given to Create'),
		displayOptions: { show: { terminateBy: ['userDevice'] } },
	},
	{
		displayName: 'Started After',
		name: 'startedAfter',
		type: 'dateTime',
		default: '',
		hint: 'To end only the session a Create opened, map its created_at here',
		builderHint: {
			propertyHint: "Map the Create node's created_at here (e.g. expr('{{ $(\\'Create Session\\').item.json.created_at }}')) so only the session that Create opened is terminated",
		},
		description: 'Only sessions that started at or after this time. Empty ends every active session of the user on the device.',
		displayOptions: { show: { terminateBy: ['userDevice'] } },
	},
	{
		displayName: 'Session ID',
		name: 'sessionHash',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'df06257a19104dc43a1f0c9e8b7d6a5f4e3d2c1b',
		description:
			'The session_id of the session to end (its "session_id" field: 40 hex digits on most Segura versions, a UUID on others), not the numeric ID',
		displayOptions: { show: { terminateBy: ['sessionHash'] } },
	},
	{
		...remoteSessionIdProperty('The numeric id of the remote session to end (its "id" field, such as 30)'),
		displayOptions: { show: { terminateBy: ['remoteSessionId'] } },
	},
	optionsCollection([
		concurrencyOption,
		{
			displayName: 'Ignore If Already Ended',
			name: 'ignoreIfAlreadyEnded',
			type: 'boolean',
			default: false,
			description:
				'Whether a session that has already ended gives a success item marked already_ended instead of an error',
		},
		timeoutOption,
		{ ...timezoneOption, description: `${timezoneOption.description} Used by Active Sessions of a User on a Device, to compare start times.` },
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['terminate'] } }, properties);

const parametersSchema = z.discriminatedUnion('terminateBy', [
	z.object({ terminateBy: z.literal('sessionHash'), sessionHash }),
	z.object({ terminateBy: z.literal('remoteSessionId'), remoteSessionId }),
	z.object({ terminateBy: z.literal('userDevice'), user: nonBlank, device: hostOrIp, startedAfter: dateTimeText }),
]);

/** The item's parameters for the chosen way, as the schema takes them. */
function parametersOf(context: IExecuteFunctions, terminateBy: string, itemIndex: number): Record<string, unknown> {
	const read = (name: string) => context.getNodeParameter(name, itemIndex, '');
	if (terminateBy === 'remoteSessionId') return { terminateBy, remoteSessionId: read('remoteSessionId') };
	if (terminateBy === 'userDevice') return { terminateBy, user: read('user'), device: read('device'), startedAfter: read('startedAfter') };
	return { terminateBy, sessionHash: read('sessionHash') };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const terminateBy = this.getNodeParameter('terminateBy', itemIndex, 'sessionHash') as string;
	const parameters = validateParameters(this, parametersSchema, parametersOf(this, terminateBy, itemIndex), itemIndex);
	const options = getOptions(this, itemIndex);
	if (parameters.terminateBy === 'userDevice') {
		return await terminateMatching(this, parameters, { itemIndex, timeoutMs: options.timeout, timeZone: options.timezone });
	}

	let target: Partial<RemoteSession> & { session_id: string };
	if (parameters.terminateBy === 'remoteSessionId') {
		// The drop call takes the hash: read it (an idempotent, retryable call) from the session.
		const session = await sessionById.call(this, parameters.remoteSessionId, itemIndex, options.timeout);
		if (!session.session_id) {
			throw sessionError(
				this,
				itemIndex,
				`Segura returned remote session ${session.id} without a session_id`,
				'The session cannot be dropped without its hash. Use Terminate By: Session ID with the session_id from Segura.',
			);
		}
		if (session.end) {
			if (options.ignoreIfAlreadyEnded) return endedItem(session);
			throw alreadyEndedError(this, itemIndex, session);
		}
		const { id, user, device } = session;
		target = { session_id: session.session_id, id, user, device };
	} else {
		target = { session_id: parameters.sessionHash };
	}

	const lookUp =
		parameters.terminateBy === 'remoteSessionId'
			? async () => await sessionById.call(this, parameters.remoteSessionId, itemIndex, options.timeout)
			: async () => await sessionByHash.call(this, parameters.sessionHash, itemIndex, options.timeout);
	return await dropSession(this, { target, lookUp, ignoreIfAlreadyEnded: options.ignoreIfAlreadyEnded, itemIndex, timeoutMs: options.timeout });
}
