/**
 * Runs `task` for indexes 0..count-1 with at most `limit` in flight and returns the results in
 * index order. After a failure no new index starts; the failure of the lowest index is thrown.
 * With more than one in flight, index 0 runs alone first: without a stored access token, parallel
 * first requests would each fetch one.
 */
export async function mapInOrder<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const failures = new Map<number, unknown>();
	let next = 0;
	let end = Math.min(1, count);
	const worker = async () => {
		while (next < end && failures.size === 0) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	};
	await worker();
	end = count;
	const width = Math.max(1, Math.min(limit, count - next));
	await Promise.all(Array.from({ length: width }, worker));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}
