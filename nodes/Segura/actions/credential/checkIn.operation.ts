import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { isNotInCustody, releaseCustody } from '../../transport/custody';
import { credentialId, validateParameters } from '../../model/validation';
import { concurrencyOption, getOptions, optionsCollection, timeoutOption } from '../../model/options';
import { credentialIdProperty } from '../common';
import { custodyError } from './custodyErrors';

const properties: INodeProperties[] = [
	credentialIdProperty('The credential to check in: the id Check Out output (its "id" field)'),
	optionsCollection([
		{
			displayName: 'Ignore If Not Checked Out',
			name: 'ignoreIfNotCheckedOut',
			type: 'boolean',
			default: false,
			description:
				'Whether a credential this application does not hold (never checked out, or already checked in) is a success item with released: false rather than an error. Turn on in error branches that check in whatever may still be held.',
		},
		concurrencyOption,
		timeoutOption,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['credential'], operation: ['checkIn'] } }, properties);

const parametersSchema = z.object({ credentialId });

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { credentialId: id } = validateParameters(this, parametersSchema, { credentialId: this.getNodeParameter('credentialId', itemIndex, '') }, itemIndex);
	const options = getOptions(this, itemIndex);
	try {
		const release = await releaseCustody(this, { id, itemIndex, timeoutMs: options.timeout });
		const message = release.afterLostAnswer
			? `Released: Segura's answer to the release was lost, and the repeat found the credential no longer in custody (Segura: "${release.message}")`
			: release.message;
		return [{ id, released: true, message }];
	} catch (error) {
		if (options.ignoreIfNotCheckedOut && isNotInCustody(error)) {
			return [{ id, released: false, message: `Not checked out: this application held no custody of credential ${id} (Segura: "${(error as Error).message}")` }];
		}
		throw custodyError(this, error, itemIndex, 'Check In');
	}
}
