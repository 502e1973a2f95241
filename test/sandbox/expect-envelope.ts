/**
 * Assertions on the sandbox's answer envelope, shared by the sandbox test files so each checks the
 * whole `response` object the same way.
 */
import { env } from './client';
import type { Reply } from './client';

/** Asserts an error envelope: real status, repeated in the body, no top-level `code`. */
export function expectError(reply: Reply, status: number, message: string, bodyStatus = status) {
	expect(reply.status).toBe(status);
	const body = env(reply);
	expect(body).not.toHaveProperty('code');
	expect(body.tenant).toBe('Segura');
	expect(body.response).toEqual({
		status: bodyStatus,
		message,
		error: true,
		error_code: expect.any(Number),
		detail: '',
		mensagem: message,
		erro: true,
		cod_erro: body.response.error_code,
	});
	expect(body.response.error_code).toBeGreaterThan(0);
}

/** Asserts a success envelope: HTTP 200, `code` 200 and the full `response` with no error. */
export function expectOk(reply: Reply, message: string) {
	expect(reply.status).toBe(200);
	const body = env(reply);
	expect(body.code).toBe(200);
	expect(body.response).toEqual({
		status: 200,
		message,
		error: false,
		error_code: 0,
		detail: '',
		mensagem: message,
		erro: false,
		cod_erro: 0,
	});
}
