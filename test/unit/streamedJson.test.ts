import { EnvelopeSplitter, isByteStream, readStreamedJson } from '../../nodes/Segura/transport/streamedJson';

/** A body cut into chunks at the given byte offsets, as an async-iterable stream. */
function streamOf(bytes: Buffer, cuts: number[]): AsyncIterable<Buffer> {
	const edges = [0, ...cuts.filter((cut) => cut > 0 && cut < bytes.length).sort((a, b) => a - b), bytes.length];
	return {
		async *[Symbol.asyncIterator]() {
			for (let n = 1; n < edges.length; n++) yield bytes.subarray(edges[n - 1], edges[n]);
		},
	};
}

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

const TRICKY_STRINGS = ['plain', 'São Paulo — ação', 'quote " inside', 'back\\slash\\', 'brace } ] , [ {', '\\"', '🔐 key', '\u0000list:0', ''];

function session(rand: () => number, id: number): Record<string, unknown> {
	const pick = () => TRICKY_STRINGS[Math.floor(rand() * TRICKY_STRINGS.length)];
	return { id: String(id), session_id: `${id}`.padStart(40, 'a'), user: pick(), device: { name: pick(), tags: [pick(), 1, null, true] }, duration: rand() * 100, end: rand() < 0.3 ? null : '2026-12-07 10:00:00' };
}

function envelope(rand: () => number, count: number): Record<string, unknown> {
	return {
		code: 200,
		response: { status: 200, message: 'OK', error: false, nested: [1, [2, { three: '[3]' }]] },
		remote_sessions: Array.from({ length: count }, (_, n) => session(rand, n)),
		empty: [],
		numbers: [1, 2.5, -3e2],
		tenant: 'x',
	};
}

function cutsFor(rand: () => number, length: number, count: number): number[] {
	return Array.from({ length: count }, () => Math.floor(rand() * length));
}

describe('readStreamedJson: a streamed answer reads as JSON.parse of the whole body', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8])('random envelope %i, cut at random bytes, pretty-printed or not', async (seed) => {
		const rand = random(seed);
		const value = envelope(rand, 1 + Math.floor(rand() * 60));
		for (const text of [JSON.stringify(value), JSON.stringify(value, null, seed % 2 ? 2 : '\t')]) {
			const bytes = Buffer.from(text);
			for (let round = 0; round < 20; round++) {
				const cuts = round === 0 ? Array.from({ length: bytes.length }, (_, n) => n) : cutsFor(rand, bytes.length, 1 + Math.floor(rand() * 40));
				await expect(readStreamedJson(streamOf(bytes, cuts))).resolves.toEqual(JSON.parse(text));
			}
		}
	});

	it.each([1, 2, 3, 4])('random envelope %i: its elements are parsed while the body arrives, not after', async (seed) => {
		const rand = random(seed);
		const value = envelope(rand, 200);
		const bytes = Buffer.from(JSON.stringify(value));
		const splitter = new EnvelopeSplitter();
		const counts: number[] = [];
		for (let at = 0; at < bytes.length; at += 997) {
			expect(splitter.take(bytes.subarray(at, at + 997))).toBe(true);
			counts.push(splitter.lists[0]?.length ?? 0);
		}
		// Every chunk after the first few adds elements, and what is held back stays one element or so.
		expect(counts[Math.floor(counts.length / 2)]).toBeGreaterThan(50);
		expect(splitter.pending.length).toBeLessThan(2000);
		expect(splitter.result()).toEqual(value);
	});

	it('keeps key order and a later duplicate key, as JSON.parse does', async () => {
		const text = '{"a":[1,2],"b":1,"a":[3]}';
		const read = (await readStreamedJson(streamOf(Buffer.from(text), [5, 9]))) as Record<string, unknown>;
		expect(read).toEqual(JSON.parse(text));
		expect(Object.keys(read)).toEqual(['a', 'b']);
	});

	it('skips a UTF-8 byte order mark, as n8n\'s HTTP client does', async () => {
		const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"remote_sessions":[{"id":"1"}]}')]);
		await expect(readStreamedJson(streamOf(bytes, [10]))).resolves.toEqual({ remote_sessions: [{ id: '1' }] });
	});

	it.each([
		['a top-level array', '[{"id":"1"},{"id":"2"}]', [{ id: '1' }, { id: '2' }]],
		['a number', '  42 ', 42],
		['a gateway page', '<html>no route</html>', '<html>no route</html>'],
		['a gateway message', '{"message":"no Route matched with those values"}', { message: 'no Route matched with those values' }],
		['a body cut short', '{"remote_sessions":[{"id":"1"},{"id"', '{"remote_sessions":[{"id":"1"},{"id"'],
		['an element that is not JSON', '{"remote_sessions":[{"id":"1"},{id:2}]}', '{"remote_sessions":[{"id":"1"},{id:2}]}'],
		['trailing text', '{"remote_sessions":[]} x', '{"remote_sessions":[]} x'],
		['an empty body', '', ''],
	])('%s reads as axios reads it (parsed, or the text)', async (_, text, expected) => {
		await expect(readStreamedJson(streamOf(Buffer.from(text), [3, 17, 21]))).resolves.toEqual(expected);
	});

	it('string chunks are read as UTF-8 text', async () => {
		const text = '{"remote_sessions":[{"user":"João"}]}';
		const stream = { async *[Symbol.asyncIterator]() { yield text.slice(0, 27); yield text.slice(27); } };
		await expect(readStreamedJson(stream)).resolves.toEqual({ remote_sessions: [{ user: 'João' }] });
	});

	it('isByteStream tells a stream from a parsed body', () => {
		expect(isByteStream(streamOf(Buffer.from('{}'), []))).toBe(true);
		expect(isByteStream({ remote_sessions: [] })).toBe(false);
		expect(isByteStream('text')).toBe(false);
		expect(isByteStream(null)).toBe(false);
	});
});
