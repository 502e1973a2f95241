import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapInOrder } from '../helpers/concurrency';
import { asNodeError } from '../helpers/errorFactories';
import type { SeguraOperation } from './node.type';
import { operations } from './remoteSession';

/**
 * Error item for "Continue On Fail": Segura's message and the fix, paired to the input item.
 * Plain JSON on purpose: n8n replaces the JSON of an item that carries an `error` object with the
 * message alone, and routes items whose JSON holds only error/details to the error output.
 */
function errorItem(error: Error & { description?: string | null }, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.details = error.description;
	return { json, pairedItem: { item: itemIndex } };
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
