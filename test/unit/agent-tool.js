'use strict';

/**
 * The OpenAI tool definition n8n sends a chat model for a tool node: the tool n8n-core's
 * createNodeAsTool makes of it, converted by the LangChain that n8n-core itself loads (each n8n line
 * its own). A .js file because the n8n linter forbids these imports in TypeScript sources.
 */

const path = require('node:path');
const { createNodeAsTool } = require('n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool');

const coreDir = path.dirname(require.resolve('n8n-core'));
const { convertToOpenAITool } = require(require.resolve('@langchain/core/utils/function_calling', { paths: [coreDir] }));

/** `node` as n8n holds it once the workflow is loaded; `nodeType` the package's node. */
function openAiToolOf(node, nodeType) {
	const { response } = createNodeAsTool({ node, nodeType, handleToolInvocation: async () => '' });
	return convertToOpenAITool(response);
}

module.exports = { openAiToolOf };
