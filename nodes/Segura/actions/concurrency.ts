/**
 * Thrown by mapInOrder once every task in flight has settled: the failure of the lowest failed
 * index, and the indexes whose tasks had succeeded (their results are not returned).
 */
export class InOrderFailure extends Error {
	constructor(
		readonly failure: unknown,
		readonly succeeded: number[],
	) {
		super('A task failed');
	}
}

/**
 * Runs `task` for indexes 0..count-1 with at most `limit` in flight and returns the results in
 * index order. After a failure no new index starts, the tasks in flight are waited for, and an
 * InOrderFailure is thrown. With more than one in flight, index 0 runs alone first: without a stored
 * access token, parallel first requests would each fetch one.
 */
export async function mapInOrder<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const succeeded: number[] = [];
	const failures = new Map<number, unknown>();
	let next = 0;
	let end = Math.min(1, count);
	const worker = async () => {
		while (next < end && failures.size === 0) {
			const index = next++;
			try {
				results[index] = await task(index);
				succeeded.push(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	};
	await worker();
	end = count;
	const width = Math.max(1, Math.min(limit, count - next));
	await Promise.all(Array.from({ length: width }, worker));
	if (failures.size > 0) {
		throw new InOrderFailure(failures.get(Math.min(...failures.keys())), succeeded.sort((a, b) => a - b));
	}
	return results;
}
