import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InOrderFailure, mapInOrder } from './concurrency';
import { asNodeError } from '../errors/errorFactories';
import { DEFAULT_CONCURRENCY } from '../model/options';
import type { SeguraOperation } from './node.type';
import type { Operation } from './operation';

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

/** What a succeeded item of an operation did on the appliance, for the error that stops the run. */
const DONE_ON_APPLIANCE: Partial<Record<SeguraOperation, string>> = {
	create: 'created sessions',
	terminate: 'terminated sessions',
	checkOut: 'checked out credentials (they stay in custody until checked in)',
	checkIn: 'checked in credentials',
};

/**
 * The error that stops the run names the items that had already changed something on the
 * appliance: they are not in the output, and the workflow must be able to learn of them.
 */
function withItemsDone(failure: InOrderFailure, operation: SeguraOperation): unknown {
	const error = failure.failure as Error & { description?: string | null; context?: IDataObject };
	const done = DONE_ON_APPLIANCE[operation];
	if (!done || failure.succeeded.length === 0) return error;
	const items = failure.succeeded.map((index) => index + 1).join(', ');
	const note = `Before this failure, input items ${items} (counting from 1) had already ${done}; they are not in the output because the run stopped. Look them up with Get Many, or turn on Continue On Fail so that every item reports its own result.`;
	error.description = error.description ? `${error.description}\n\n${note}` : note;
	if (error.context) error.context.itemsDone = failure.succeeded;
	return error;
}

/** Runs the chosen operation of a node (`operations`: that node's map) over every input item. */
export async function router(this: IExecuteFunctions, operations: Partial<Record<SeguraOperation, Operation>>): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as SeguraOperation;
	const selected = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	// Concurrency is a node-wide choice, read once from the first item.
	const concurrency = Number(this.getNodeParameter('options.concurrency', 0, DEFAULT_CONCURRENCY)) || 1;

	try {
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
	} catch (error) {
		throw error instanceof InOrderFailure ? withItemsDone(error, operation) : error;
	}
}
