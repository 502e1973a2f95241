import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, seguraApiError } from '../../nodes/Segura/errors/errorFactories';
import { node } from './mock-context';

const failure = { message: 'Segura refused the request', description: 'Check the A2A permissions.' };

describe('seguraApiError', () => {
	it('carries the message, description, status and item, and nothing else of the failure', () => {
		const error = seguraApiError(node, { ...failure, httpCode: 403 }, 2);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(failure.message);
		expect(error.description).toBe(failure.description);
		expect(error.httpCode).toBe('403');
		expect(error.context.itemIndex).toBe(2);
		// What n8n keeps of the wrapped answer (the error's messages) is the failure's own message.
		expect(error.messages).toEqual([failure.message]);
	});

	it('has no status when Segura gave none (nothing answered)', () => {
		const error = seguraApiError(node, failure, 0);
		expect(error.httpCode).toBeNull();
		expect(error.messages).toEqual([failure.message]);
	});
});

describe('asNodeError', () => {
	it("passes the node's own errors through unchanged", () => {
		const apiError = seguraApiError(node, failure, 0);
		const operationError = new NodeOperationError(node, 'Numeric ID is empty');
		expect(asNodeError(node, apiError)).toBe(apiError);
		expect(asNodeError(node, operationError)).toBe(operationError);
	});

	it('wraps anything else, keeping its message', () => {
		const wrapped = asNodeError(node, new TypeError('boom'));
		expect(wrapped).toBeInstanceOf(NodeOperationError);
		expect(wrapped.message).toBe('boom');
	});
});
