/**
 * The editor's lists run the way n8n's editor runs them (a resource locator's "From List" search, an
 * options field's load-options method): n8n-core's LoadOptionsContext over a one-node workflow, the
 * node's parameters as the editor holds them (`currentNodeParameters`), requests through n8n-core's
 * real helpers and the harness's credentials.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeCredentials, INodeListSearchResult, INodeParameters, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { Engine } from './engine';

export interface ListSearchOptions {
	nodeType: string;
	typeVersion: number;
	method: string;
	/** The parameter the list is for, as the editor names it (`parameters.device`). */
	path: string;
	parameters: INodeParameters;
	credentials: INodeCredentials;
	filter?: string;
	paginationToken?: string;
}

let searches = 0;

function editorContext(engine: Engine, options: ListSearchOptions): { context: LoadOptionsContext; nodeType: INodeType } {
	const node: INode = {
		id: 'list-search',
		name: 'Picker',
		type: options.nodeType,
		typeVersion: options.typeVersion,
		position: [0, 0],
		parameters: options.parameters,
		credentials: options.credentials,
	};
	const workflow = new Workflow({ id: 'list-search', nodes: [node], connections: {}, active: false, nodeTypes: engine.nodeTypes });
	const additionalData = { ...engine.additionalData(`list-search-${++searches}`), currentNodeParameters: options.parameters };
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path);
	return { context, nodeType: engine.nodeTypes.getByNameAndVersion(options.nodeType, options.typeVersion) as INodeType };
}

export async function listSearch(engine: Engine, options: ListSearchOptions): Promise<INodeListSearchResult> {
	const { context, nodeType } = editorContext(engine, options);
	const method = nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new UnexpectedError(`${options.nodeType} has no list search ${options.method}`);
	return await method.call(context, options.filter, options.paginationToken);
}

export async function loadOptions(engine: Engine, options: ListSearchOptions): Promise<INodePropertyOptions[]> {
	const { context, nodeType } = editorContext(engine, options);
	const method = nodeType.methods?.loadOptions?.[options.method];
	if (!method) throw new UnexpectedError(`${options.nodeType} has no load-options method ${options.method}`);
	return await method.call(context);
}
