import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether the node runs as an AI agent's tool (the `usableAsTool` variant). n8n names that variant
 * after the node with `Tool` appended (`n8n-nodes-segura.seguraRemoteSessionTool`) and applies the
 * same rule to a node's type for its own `@tool` display option. `isToolExecution()` is no
 * substitute: n8n 2.x answers false when the agent has the engine run the tool node, and n8n 1.x
 * does not have it.
 */
export function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}
