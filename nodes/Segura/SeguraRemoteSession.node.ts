import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { description as remoteSessionDescription, operations, resource, subtitle } from './actions/remoteSession';
import { router } from './actions/router';
import { searchDeviceCredentials, searchDevices } from './actions/methods/listSearch';
import { getProtocols } from './actions/methods/loadOptions';

export class SeguraRemoteSession implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segura Remote Session',
		name: 'seguraRemoteSession',
		icon: { light: 'file:../../icons/segura.svg', dark: 'file:../../icons/segura.dark.svg' },
		group: ['transform'],
		// 1.1: Create's Device and Device Credential pick from Segura's lists (1 keeps plain text).
		version: [1, 1.1],
		subtitle,
		description:
			'Create, look up and terminate Segura (senhasegura) authenticated web proxy sessions for privileged access',
		defaults: { name: 'Segura Remote Session' },
		// Read by n8n's AI Workflow Builder (2.x); n8n 1.x ignores it.
		builderHint: {
			searchHint:
				'Segura (senhasegura) privileged access: after an approval, Create a short-lived web proxy session link for a user on a device and send its session_url at once (it expires within seconds); Get, Get Many (filter by user, device or ticket) and Terminate sessions, e.g. by user and device after a Wait.',
			relatedNodes: [
				{ nodeType: 'n8n-nodes-segura.seguraRemoteSessionTrigger', relationHint: 'Starts a workflow when a Segura session starts or ends' },
				{ nodeType: 'n8n-nodes-base.wait', relationHint: 'Waits for the access window before Terminate closes the session' },
			],
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'seguraOAuth2Api', required: true }],
		properties: [resource, ...remoteSessionDescription],
	};

	methods = { listSearch: { searchDevices, searchDeviceCredentials }, loadOptions: { getProtocols } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this, operations);
	}
}
