import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapInOrder } from '../helpers/concurrency';
import { asNodeError } from '../helpers/errors';
import type { SeguraOperation } from './node.type';
import { operations } from './remoteSession';

/** Error item for "Continue On Fail": the message and the fix, paired to the input item. */
function errorItem(error: Error & { description?: string | null }, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, error: error as NodeOperationError, pairedItem: { item: itemIndex } };
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as SeguraOperation;
	const selected = operations[operation];
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	// Concurrency is a node-wide choice, read once from the first item.
	const concurrency = Number(this.getNodeParameter('options.concurrency', 0, 1)) || 1;

	const perItem = await mapInOrder(items.length, concurrency, async (itemIndex) => {
		try {
			const results = await selected.execute.call(this, itemIndex);
			return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(results), {
				itemData: { item: itemIndex },
			});
		} catch (error) {
			if (this.continueOnFail()) return [errorItem(error as Error, itemIndex)];
			throw asNodeError(this.getNode(), error);
		}
	});
	return [perItem.flat()];
}
