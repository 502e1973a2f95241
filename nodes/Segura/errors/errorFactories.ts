import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** A failure in the node's words, whether Segura answered (answerErrors) or not (networkErrors). */
export interface SeguraFailure {
	/** Segura's own message, or the node's summary when Segura gave none. */
	message: string;
	/** Documented cause and fix. */
	description: string;
	httpCode?: number;
}

/**
 * The one way the node reports a Segura failure: a NodeApiError built from a plain object, so
 * nothing of the original HTTP error (request headers with the bearer token, say) travels with it.
 */
export function seguraApiError(node: INode, failure: SeguraFailure, itemIndex: number): NodeApiError {
	const plain: JsonObject = { message: failure.message, description: failure.description };
	// NodeApiError reads the status from here when the options give none, on both n8n lines.
	if (failure.httpCode !== undefined) plain.httpCode = String(failure.httpCode);
	return new NodeApiError(node, plain, { message: failure.message, description: failure.description, itemIndex });
}

/** Errors the node raised itself pass through; anything else is wrapped so n8n shows it properly. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}
