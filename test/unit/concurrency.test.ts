import { InOrderFailure, mapInOrder } from '../../nodes/Segura/actions/concurrency';

/** A promise settled from outside, so a test decides the order in which tasks finish. */
function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	// Handled from the start: code that forgets to wait for a task must fail the test, not crash jest.
	promise.catch(() => undefined);
	return { promise, resolve, reject };
}

const settle = async () => {
	for (let turn = 0; turn < 5; turn++) await Promise.resolve();
};

describe('mapInOrder after a failure', () => {
	it('throws the lowest failed index, and lists the succeeded indexes in order, however they finished', async () => {
		const tasks = [0, 1, 2, 3, 4].map(() => deferred<string>());
		const run = mapInOrder(5, 4, (index) => tasks[index].promise);
		const outcome = run.catch((error: unknown) => error);

		tasks[0].resolve('first');
		await settle();
		// 1 to 4 are in flight; they finish in the order 4, 3, 2, 1.
		tasks[4].resolve('fourth');
		await settle();
		tasks[3].reject(new Error('index 3 failed'));
		await settle();
		tasks[2].resolve('second');
		await settle();
		tasks[1].reject(new Error('index 1 failed'));

		const error = await outcome;
		expect(error).toBeInstanceOf(InOrderFailure);
		const failure = error as InOrderFailure;
		expect((failure.failure as Error).message).toBe('index 1 failed');
		expect(failure.succeeded).toEqual([0, 2, 4]);
		expect(failure.message).toBe('A task failed');
	});

	it('starts no index after the first failure', async () => {
		const started: number[] = [];
		const error = await mapInOrder(6, 2, async (index) => {
			started.push(index);
			if (index === 1) throw new Error('index 1 failed');
			return index;
		}).catch((caught: unknown) => caught as InOrderFailure);

		expect(started).toEqual([0, 1, 2]);
		expect((error as InOrderFailure).succeeded).toEqual([0, 2]);
	});
});
