import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { lookUpDocumentedError } from '../../errors/errorCatalogue';
import { asNodeError } from '../../errors/errorFactories';
import { alreadyEndedError, endedItem, explainFailedDrop, sessionByHash, sessionById, sessionError, terminateItem } from './sessionLookup';
import type { RemoteSession } from '../../model/responses';
import { remoteSessionId, sessionHash, validateParameters } from '../../model/validation';
import { seguraApiRequest } from '../../transport';
import { concurrencyOption, getOptions, optionsCollection, timeoutOption } from '../../model/options';
import { remoteSessionIdProperty } from '../common';

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
				name: 'Numeric ID',
				value: 'remoteSessionId',
				description: 'The "ID" field of the session, such as 30; the node looks its session_id up first',
			},
		],
		description: 'Which identifier of the session to end by: its session_id or its numeric ID',
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
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['terminate'] } }, properties);

const parametersSchema = z.discriminatedUnion('terminateBy', [
	z.object({ terminateBy: z.literal('sessionHash'), sessionHash }),
	z.object({ terminateBy: z.literal('remoteSessionId'), remoteSessionId }),
]);

const DROP_FAILED = 'an error occurred while droping session';

function isDropFailure(error: unknown): boolean {
	return (
		error instanceof NodeApiError &&
		lookUpDocumentedError(error.message) === lookUpDocumentedError(DROP_FAILED)
	);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const terminateBy = this.getNodeParameter('terminateBy', itemIndex, 'sessionHash') as string;
	const parameters = validateParameters(
		this,
		parametersSchema,
		terminateBy === 'remoteSessionId'
			? { terminateBy, remoteSessionId: this.getNodeParameter('remoteSessionId', itemIndex, '') }
			: { terminateBy, sessionHash: this.getNodeParameter('sessionHash', itemIndex, '') },
		itemIndex,
	);
	const options = getOptions(this, itemIndex);

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

	let answer: IDataObject;
	try {
		// Never retried: a drop that reached Segura once must not be sent again.
		answer = await seguraApiRequest.call(this, {
			endpoint: 'dropSession',
			id: target.session_id,
			itemIndex,
			timeoutMs: options.timeout,
		});
	} catch (error) {
		// A failed drop comes as HTTP 200 with error true or as HTTP 500, depending on the version,
		// in words that cannot tell an ended session from an unknown one: the look-up tells.
		if (isDropFailure(error)) {
			const lookUp =
				parameters.terminateBy === 'remoteSessionId'
					? async () => await sessionById.call(this, parameters.remoteSessionId, itemIndex, options.timeout)
					: async () => await sessionByHash.call(this, parameters.sessionHash, itemIndex, options.timeout);
			return await explainFailedDrop.call(this, lookUp, error as NodeApiError, itemIndex, options.ignoreIfAlreadyEnded);
		}
		throw asNodeError(this.getNode(), error);
	}
	const response = (answer.response ?? {}) as IDataObject;
	const message = [response.message, response.mensagem].find((text) => typeof text === 'string' && text.trim() !== '');
	return [terminateItem({ terminated: true, message: String(message ?? 'Session dropped successfully') }, target)];
}
