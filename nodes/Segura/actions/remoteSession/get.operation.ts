import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { dated, withHelperFields } from '../../model/sessionFields';
import { remoteSessionId, validateParameters } from '../../model/validation';
import { concurrencyOption, getOptions, optionsCollection, readOptions, timeoutOption } from '../../model/options';
import { remoteSessionIdProperty } from '../common';
import { sessionsWithId } from './unknownValues';

const properties: INodeProperties[] = [
	remoteSessionIdProperty(
		'The numeric id of the remote session (its "id" field, such as 30), not its session_id',
	),
	optionsCollection([...readOptions, concurrencyOption, timeoutOption]),
];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

const parametersSchema = z.object({ remoteSessionId });

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { remoteSessionId: id } = validateParameters(
		this,
		parametersSchema,
		{ remoteSessionId: this.getNodeParameter('remoteSessionId', itemIndex, '') },
		itemIndex,
	);
	const options = getOptions(this, itemIndex);
	const sessions = await sessionsWithId(this, id, { itemIndex, timeoutMs: options.timeout, what: 'Get' });
	if (!options.addHelperFields) return sessions as IDataObject[];
	const nowMs = Date.now();
	return sessions.map((session) =>
		withHelperFields(dated(session, options.timezone), { timeZone: options.timezone, nowMs }),
	);
}
