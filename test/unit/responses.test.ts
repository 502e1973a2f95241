/**
 * Reading Segura's answers (helpers/responses.ts), called directly: the sessions handed on, the
 * Portuguese keys and numbers of older versions, and the error for an answer of another shape.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	createdSessionSchema,
	parseAnswer,
	remoteSessionsAnswerSchema,
} from '../../nodes/Segura/model/responses';

const node: INode = { id: 'n', name: 'Segura', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
const sessions = (body: unknown) => parseAnswer(node, remoteSessionsAnswerSchema, body as IDataObject, 'Get', 0);

function refusal(body: unknown, schema: Parameters<typeof parseAnswer>[1] = remoteSessionsAnswerSchema) {
	try {
		parseAnswer(node, schema, body as IDataObject, 'Get Many', 4);
	} catch (error) {
		expect(error).toBeInstanceOf(NodeApiError);
		return error as NodeApiError;
	}
	throw new Error('parsed');
}

describe('sessions in an answer', () => {
	it('remote_sessions wins over remote_session; one object is a list of one', () => {
		expect(sessions({ remote_sessions: [{ id: '1' }], remote_session: [{ id: '2' }] })).toEqual([{ id: '1' }]);
		expect(sessions({ remote_session: { id: '3' } })).toEqual([{ id: '3' }]);
		expect(sessions({ remote_session: [] })).toEqual([]);
	});

	it('numbers become text, null and missing fields stay as they are, other keys pass through', () => {
		expect(sessions({ remote_session: [{ id: 30, user: 7, end: null, custom: { a: 1 } }] })).toEqual([
			{ id: '30', user: '7', end: null, custom: { a: 1 } },
		]);
	});

	it("keeps the answer's own object when nothing in it changes", () => {
		const session = { id: '1', user: 'alice', end: null };
		expect(sessions({ remote_session: [session] })[0]).toBe(session);
		const numbered = { id: 1 };
		expect(sessions({ remote_session: [numbered] })[0]).not.toBe(numbered);
		expect(numbered).toEqual({ id: 1 });
	});

	it('Portuguese keys read as English, unless the English key is there too', () => {
		expect(
			sessions({
				remote_session: [
					{ id: '1', usuario: 'bob', dispositivo: 'db01', protocolo: 'SSH', credencial: 'root', inicio: 's', fim: 'e', tempo: 't' },
					{ id: '2', usuario: 'bob', user: 'alice' },
					{ id: '3', user: 'alice', usuario: 'bob' },
				],
			}),
		).toEqual([
			{ id: '1', user: 'bob', device: 'db01', protocol: 'SSH', credential: 'root', start: 's', end: 'e', time: 't' },
			{ id: '2', user: 'alice' },
			{ id: '3', user: 'alice' },
		]);
	});

	it('a session the plain reading cannot take goes through the schema, which keeps its other fields', () => {
		expect(sessions({ remote_session: [{ id: '1', request: { why: 'audit' }, ITSM: 5 }] })).toEqual([
			{ id: '1', request: { why: 'audit' }, ITSM: 5 },
		]);
	});
});

describe('an answer of another shape', () => {
	const CHECK =
		'Check that the Base URL and API Paths of the credential point at a Segura appliance; if they do, this Segura version answers differently from its documentation: please report it with the version number.';

	it('says which operation got what and lists the keys received, not their values', () => {
		const error = refusal({ remote_sessions: null, token: 'SECRET' });
		expect(error.message).toBe(
			"Segura's answer to Get Many does not have the documented shape: has neither remote_session nor remote_sessions",
		);
		expect(error.description).toBe(`Keys received: remote_sessions, token. ${CHECK}`);
		expect(JSON.stringify(error)).not.toContain('SECRET');
		expect(error.context.itemIndex).toBe(4);
	});

	it.each([
		[{ remote_session: [{ user: 'a' }] }, 'has a remote session whose id invalid input'],
		[{ remote_session: [{ id: '1', device: ['x'] }] }, 'has a remote session whose device invalid input'],
		[{ remote_session: [{ id: '1' }, 'x'] }, 'has a remote session whose value expected object, received string'],
		[{ remote_session: [[{ id: '1' }]] }, 'has a remote session whose value expected object, received array'],
		[{ remote_session: [null] }, 'has a remote session whose value expected object, received null'],
		[{ remote_session: null }, 'has neither remote_session nor remote_sessions'],
	])('%j: %s', (body, problem) => {
		expect(refusal(body).message).toBe(`Segura's answer to Get Many does not have the documented shape: ${problem}`);
	});

	it('no body at all: no keys', () => {
		const error = refusal(null);
		expect(error.message).toBe("Segura's answer to Get Many does not have the documented shape: expected object, received null");
		expect(error.description).toBe(`Keys received: none. ${CHECK}`);
	});

	it('a created session needs its URL: the field is named by its path', () => {
		expect(refusal({ session: { session_url: '' } }, createdSessionSchema).message).toBe(
			"Segura's answer to Get Many does not have the documented shape: session.session_url string must contain at least 1 character(s)",
		);
	});
});
