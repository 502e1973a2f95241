/**
 * Runs `task` for indexes 0..count-1 with at most `limit` in flight and returns the results in
 * index order. After a failure no new index starts; the failure of the lowest index is thrown.
 */
export async function mapInOrder<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const failures = new Map<number, unknown>();
	let next = 0;
	const worker = async () => {
		while (next < count && failures.size === 0) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	};
	const width = Math.max(1, Math.min(limit, count));
	await Promise.all(Array.from({ length: width }, worker));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}
