/**
 * Reads a JSON answer while it streams in. An appliance's session list is tens of megabytes (about
 * 330 bytes a session); parsing the elements of the envelope's arrays as they arrive takes most of
 * the parse off the end of the request. The result is what one JSON.parse of the whole body gives;
 * anything this reader does not split (a body that is not a JSON object, a piece that does not
 * parse, one element larger than MAX_PENDING) is read whole, as n8n's HTTP client reads it.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MAX_PENDING = 8 * 1024 * 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A response body n8n hands over as a stream (encoding: 'stream'). */
export interface ByteStream {
	[Symbol.asyncIterator](): AsyncIterator<Uint8Array | string>;
}

export function isByteStream(value: unknown): value is ByteStream {
	return typeof value === 'object' && value !== null && typeof (value as Partial<ByteStream>)[Symbol.asyncIterator] === 'function';
}

/** Stands in for an array of the envelope while its elements are parsed apart: `"\u0000list:N"`. */
const placeholder = (index: number) => `"\\u0000list:${index}"`;

/** The whole body, as axios reads a JSON answer: parsed if it parses, else the text. */
function readWhole(chunks: Buffer[]): unknown {
	const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
	if (text === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Exported for its tests: the reader that parses an envelope's arrays while the body arrives. */
export class EnvelopeSplitter {
	/** Text of the envelope read so far, its arrays replaced by placeholders. */
	envelope = '';
	lists: unknown[][] = [];
	depth = 0;
	inString = false;
	/** Whether the body's first byte (after white space and a BOM) opened an object. */
	rooted = false;
	/** Bytes read but not yet taken: the elements of an array since the last cut, or a string. */
	pending = Buffer.alloc(0);

	/** Takes one chunk; false when the body is not one this reader splits. */
	take(chunk: Buffer): boolean {
		let buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
		let i = this.pending.length;
		if (!this.rooted) {
			if (buffer.subarray(0, 3).equals(UTF8_BOM)) buffer = buffer.subarray(3);
			i = 0;
			while (i < buffer.length && buffer[i] <= 0x20) i++;
			if (i === buffer.length) {
				this.pending = buffer;
				return true;
			}
			if (buffer[i] !== OPEN_BRACE) return false;
			this.rooted = true;
		}
		let start = 0;
		let cut = -1;
		while (i < buffer.length) {
			const byte = buffer[i];
			if (this.inString) {
				const quote = buffer.indexOf(QUOTE, i);
				if (quote < 0) break;
				let slashes = 0;
				while (buffer[quote - 1 - slashes] === BACKSLASH) slashes++;
				if (slashes % 2 === 0) this.inString = false;
				i = quote + 1;
				continue;
			}
			if (byte === QUOTE) this.inString = true;
			else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
				if (this.depth === 1 && byte === OPEN_BRACKET) {
					this.envelope += buffer.toString('utf8', start, i) + placeholder(this.lists.length);
					this.lists.push([]);
					start = i + 1;
					cut = -1;
				}
				this.depth++;
			} else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
				this.depth--;
				if (this.depth === 1 && byte === CLOSE_BRACKET) {
					this.addElements(buffer.toString('utf8', start, i));
					start = i + 1;
				}
			} else if (byte === COMMA && this.depth === 2) cut = i;
			i++;
		}
		// What is complete goes now: the array's elements up to the last cut, or envelope text.
		if (this.depth >= 2 && cut >= start) {
			this.addElements(buffer.toString('utf8', start, cut));
			start = cut + 1;
		} else if (this.depth < 2 && !this.inString) {
			this.envelope += buffer.toString('utf8', start, buffer.length);
			start = buffer.length;
		}
		this.pending = buffer.subarray(start);
		return this.pending.length <= MAX_PENDING;
	}

	addElements(text: string): void {
		if (text.trim() === '') return;
		const list = this.lists[this.lists.length - 1];
		for (const element of JSON.parse(`[${text}]`) as unknown[]) list.push(element);
	}

	result(): unknown {
		const envelope = JSON.parse(this.envelope + this.pending.toString('utf8')) as Record<string, unknown>;
		if (this.lists.length === 0) return envelope;
		const byPlaceholder = new Map(this.lists.map((list, index) => [JSON.parse(placeholder(index)) as string, list]));
		for (const [key, value] of Object.entries(envelope)) {
			if (typeof value === 'string' && byPlaceholder.has(value)) envelope[key] = byPlaceholder.get(value);
		}
		return envelope;
	}
}

/** The body of a streamed answer, parsed as one JSON.parse of it would be (or its text). */
export async function readStreamedJson(body: ByteStream): Promise<unknown> {
	const chunks: Buffer[] = [];
	let splitter: EnvelopeSplitter | undefined = new EnvelopeSplitter();
	for await (const piece of body) {
		const chunk = Buffer.isBuffer(piece) ? piece : typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
		chunks.push(chunk);
		try {
			if (splitter && !splitter.take(chunk)) splitter = undefined;
		} catch {
			splitter = undefined;
		}
	}
	if (splitter) {
		try {
			return splitter.result();
		} catch {
			// Not one JSON object after all: read whole below.
		}
	}
	return readWhole(chunks);
}
