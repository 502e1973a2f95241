/**
 * How an error answer is read (helpers/answerErrors.ts, errorCatalogue.ts, redaction.ts), called
 * directly: which text is Segura's message, whose answer it is, and what the node says about it.
 */
import {
	failureFromAnswer,
	isRouteMiss,
	isSeguraAnswer,
	isTokenRefusal,
} from '../../nodes/Segura/errors/answerErrors';
import {
	CODED_ERRORS,
	DOCUMENTED_ERRORS,
	explainAnswer,
	lookUpDocumentedError,
} from '../../nodes/Segura/errors/errorCatalogue';
import { excerpt } from '../../nodes/Segura/errors/redaction';

const text = (entry: { cause: string; fix: string }) => `${entry.cause} ${entry.fix}`;

/** Where Segura's message may be, most specific first: each one wins over all that follow it. */
const MESSAGE_PLACES: Array<(value: string) => Record<string, unknown>> = [
	(value) => ({ response: { message: value } }),
	(value) => ({ response: { mensagem: value } }),
	(value) => ({ response: { Message: value } }),
	(value) => ({ response: { detail: value } }),
	(value) => ({ exception: { message: value } }),
	(value) => ({ error_description: value }),
	(value) => ({ message: value }),
	(value) => ({ detail: value }),
	(value) => ({ error: value }),
];

/** Deep merge of two bodies (the envelope of both kept). */
function merged(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...b };
	for (const [key, value] of Object.entries(a)) {
		out[key] = typeof value === 'object' && typeof b[key] === 'object' ? { ...(b[key] as object), ...(value as object) } : value;
	}
	return out;
}

describe("Segura's message", () => {
	it.each(MESSAGE_PLACES.map((place, index) => [index, place] as const))(
		'place %i is read before every later place, trimmed',
		(index, place) => {
			let body = place('  first  ');
			for (const later of MESSAGE_PLACES.slice(index + 1)) body = merged(body, later('later'));
			expect(failureFromAnswer(400, body).message).toBe('first');
		},
	);

	it('blank and non-text values are skipped', () => {
		const body = { response: { message: '   ', mensagem: 5 }, detail: 'the detail' };
		expect(failureFromAnswer(400, body).message).toBe('the detail');
	});

	it('a JSON text body is parsed; other text is quoted, trimmed and excerpted', () => {
		expect(failureFromAnswer(400, ' {"message": "from text"}').message).toBe('from text');
		expect(failureFromAnswer(502, '  {broken json  ').message).toBe(
			'Segura answered HTTP 502 with a body that is not JSON: "{broken json"',
		);
		// Only an object in JSON text is read as JSON: "42" or "true" from a proxy stay quoted text.
		expect(failureFromAnswer(502, '42').message).toBe('Segura answered HTTP 502 with a body that is not JSON: "42"');
		expect(failureFromAnswer(502, 'true').message).toBe('Segura answered HTTP 502 with a body that is not JSON: "true"');
		expect(failureFromAnswer(502, '  \n ')).toEqual({
			message: 'Segura answered HTTP 502 with an empty body',
			description: text({ cause: 'A reverse proxy in front of Segura could not reach the appliance.', fix: 'Check that the appliance is up and the Base URL is right; try again later.' }),
			httpCode: 502,
		});
	});

	it('no message: the status is named, and its meaning explained', () => {
		expect(failureFromAnswer(418, { response: {} })).toEqual({
			message: 'Segura answered HTTP 418 without a message',
			description: 'Segura answered HTTP 418. Check the values sent and the credential.',
			httpCode: 418,
		});
		expect(failureFromAnswer(400, ['list']).message).toBe('Segura answered HTTP 400 without a message');
	});

	it("the exception's number picks the documented cause, whatever the wording", () => {
		const failure = failureFromAnswer(400, { exception: { code: 1011, message: 'Whatever it says' } });
		expect(failure.description).toBe(text(CODED_ERRORS[1011]));
	});
});

describe("whose answer it is", () => {
	it.each([
		[{ response: {} }, true],
		[{ exception: {} }, true],
		['{"response": {}}', true],
		[{ message: 'Invalid token' }, true],
		[{ message: 'hello' }, false],
		[{ message: 'no route matched with those values' }, false],
		[{ response: 'text' }, false],
		[[{ response: {} }], false],
		['<html>', false],
		[null, false],
	])('%j is Segura: %s', (body, segura) => {
		expect(isSeguraAnswer(body)).toBe(segura);
	});

	it.each([
		[404, { message: 'No route matched with those values.' }, true],
		[404, { response: { message: 'no route matched with those values' } }, true],
		[404, '<html>Not Found</html>', true],
		[404, { response: { message: 'Resource sub not found' } }, false],
		[404, { message: 'Invalid token' }, false],
		[500, { message: 'no route matched with those values' }, false],
		[400, '<html>', false],
	])('HTTP %i %j is a route miss: %s', (status, body, miss) => {
		expect(isRouteMiss(status, body)).toBe(miss);
	});

	it.each([
		['Client authentication failed', true],
		['invalid access token', true],
		['Invalid-Token', true],
		['The access token expired', true],
		['token is revoked', true],
		['expired_token', true],
		['invalid_client', true],
		['You are not authorized to access this resource', false],
		['forbidden', false],
	])('a 403 saying "%s" refuses the token: %s', (message, refused) => {
		expect(isTokenRefusal(403, { response: { message } })).toBe(refused);
		expect(isTokenRefusal(401, { response: { message } })).toBe(false);
	});

	it('reads a token refusal from a JSON text body too', () => {
		expect(isTokenRefusal(403, '{"error": "invalid_token"}')).toBe(true);
	});
});

describe('the error catalogue', () => {
	it('the number comes from exception.code first, then the message prefix', () => {
		expect(lookUpDocumentedError('1002: Session not found', '1011')).toBe(CODED_ERRORS[1011]);
		expect(lookUpDocumentedError(' 1002 : anything')).toBe(CODED_ERRORS[1002]);
		for (const ignored of [0, -3, 10.5, null, 'x']) {
			expect(lookUpDocumentedError('1018: x', ignored)).toBe(CODED_ERRORS[1018]);
		}
	});

	it('a number it does not list, or a short prefix, falls back on the wording', () => {
		expect(lookUpDocumentedError('Invalid protocol', 9999)).toBe(DOCUMENTED_ERRORS['invalid protocol']);
		expect(lookUpDocumentedError('12: x')).toBeUndefined();
		expect(lookUpDocumentedError('x 1002: y')).toBeUndefined();
	});

	it('the wording is matched without case, surrounding space or final periods', () => {
		expect(lookUpDocumentedError('  USERNAME NOT SPECIFIED... ')).toBe(DOCUMENTED_ERRORS['username not specified']);
		expect(lookUpDocumentedError('Username not specified. Really')).toBeUndefined();
	});

	it.each([
		[200, 'The answer is not what a Segura appliance sends:'],
		[299, 'The answer is not what a Segura appliance sends:'],
		[199, 'Segura answered HTTP 199.'],
		[300, 'Segura answered HTTP 300.'],
		[499, 'Segura answered HTTP 499.'],
		[500, DOCUMENTED_ERRORS['unexpected error'].cause],
		[501, DOCUMENTED_ERRORS['unexpected error'].cause],
		[404, DOCUMENTED_ERRORS['resource sub not found'].cause],
		[504, DOCUMENTED_ERRORS['request timed out'].cause],
		[429, 'The appliance, or a proxy in front of it, is limiting the request rate.'],
	])('without a message, HTTP %i reads "%s"', (status, cause) => {
		expect(explainAnswer(status).startsWith(cause)).toBe(true);
		expect(explainAnswer(status, 'not in the catalogue')).toBe(explainAnswer(status));
	});

	it("Segura's documented message wins over the status", () => {
		expect(explainAnswer(500, 'Invalid protocol.')).toBe(text(DOCUMENTED_ERRORS['invalid protocol']));
		expect(explainAnswer(400, 'x', 1009)).toBe(text(CODED_ERRORS[1009]));
	});
});

describe('excerpts of answers', () => {
	it('redacts secret values, quoted, truncated or in a session URL, whatever their case', () => {
		expect(excerpt('{"token": "abc", "x": 1}')).toBe('{"token": [redacted], "x": 1}');
		expect(excerpt('{"ACCESS_TOKEN":"abc')).toBe('{"ACCESS_TOKEN":[redacted]');
		expect(excerpt('{"client_secret" : "s", "refresh_token":"r", "session_url":"u"}')).toBe(
			'{"client_secret" : [redacted], "refresh_token":[redacted], "session_url":[redacted]}',
		);
		expect(excerpt('go to https://h/a?x=1&_sr=SECRET&y=2 now')).toBe('go to https://h/a?x=1&_sr=[redacted]&y=2 now');
		expect(excerpt('https://h/a?_SR=SECRET')).toBe('https://h/a?_SR=[redacted]');
	});

	it('drops scripts, styles and markup and flattens the text to one line', () => {
		const page = '<html><head><style>p { x }</style><SCRIPT>var t = 1;</SCRIPT></head>\n<body><p>Bad\tGateway</p></body></html>';
		expect(excerpt(page)).toBe('Bad Gateway');
		// Markup and scripts between words leave a space, and runs of white space become one.
		expect(excerpt('<h1>Bad</h1><p>Gateway</p>')).toBe('Bad Gateway');
		expect(excerpt('Bad<script>x()</script>Gateway')).toBe('Bad Gateway');
		expect(excerpt('Bad \n\t Gateway')).toBe('Bad Gateway');
	});

	it('cuts at the limit with an ellipsis, and not before', () => {
		expect(excerpt('a'.repeat(120))).toBe('a'.repeat(120));
		expect(excerpt('a'.repeat(121))).toBe(`${'a'.repeat(120)}…`);
		expect(excerpt('abcdef', 3)).toBe('abc…');
	});
});
