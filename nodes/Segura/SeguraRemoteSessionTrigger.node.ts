import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './trigger/description';
import { poll } from './trigger/poll';

export class SeguraRemoteSessionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segura Remote Session Trigger',
		name: 'seguraRemoteSessionTrigger',
		icon: { light: 'file:../../icons/segura.svg', dark: 'file:../../icons/segura.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].map((event) => event === "started" ? "Session Started" : "Session Ended").join(", ") }}',
		description: 'Starts the workflow when a Segura (senhasegura) remote session starts or ends',
		defaults: { name: 'Segura Remote Session Trigger' },
		// Read by n8n's AI Workflow Builder (2.x); n8n 1.x ignores it.
		builderHint: {
			searchHint:
				'Starts a workflow when a Segura (senhasegura) remote session starts or ends (each event once, never a replay of old sessions); items carry the session\'s ticket (ITSM code or request) to route the event back to it.',
			relatedNodes: [{ nodeType: 'n8n-nodes-segura.seguraRemoteSession', relationHint: 'Looks sessions up and terminates them' }],
		},
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'seguraOAuth2Api', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll(this);
	}
}
