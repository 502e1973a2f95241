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

/** Segura refusing a whole call because the A2A authorization lacks a permission. */
export const NOT_AUTHORIZED = /not authorized/i;

interface PermissionRefusal {
	message: string;
	/** What the authorization lacks, as the fix names it. */
	lacks: string;
	/** What was (not) done, after Segura's answer: ": nothing was listed", or "". */
	outcome?: string;
	/** Another way round, after the fix: "type the value instead…". */
	instead?: string;
	itemIndex?: number;
}

/** The error for a refused permission: Segura's answer, what the A2A authorization lacks, where to grant it. */
export function permissionError(node: INode, refused: NodeApiError, { message, lacks, outcome = '', instead, itemIndex }: PermissionRefusal): NodeApiError {
	return new NodeApiError(node, {}, {
		message,
		description: `Segura answered "${refused.message}"${outcome}. The A2A authorization of this application lacks access to ${lacks}. Ask a Segura administrator to grant it in A2A > Applications > Authorizations${instead ? `, or ${instead}` : ''}.`,
		httpCode: refused.httpCode ?? undefined,
		itemIndex,
	});
}
