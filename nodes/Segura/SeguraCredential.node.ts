import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { description as credentialDescription, operations, resource, subtitle } from './actions/credential';
import { router } from './actions/router';

export class SeguraCredential implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segura Credential',
		name: 'seguraCredential',
		icon: { light: 'file:../../icons/segura.svg', dark: 'file:../../icons/segura.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description: 'Check Segura (senhasegura) credentials out for an approved window and back in (password custody)',
		defaults: { name: 'Segura Credential' },
		// Read by n8n's AI Workflow Builder (2.x); n8n 1.x ignores it.
		builderHint: {
			searchHint:
				'Segura (senhasegura) password custody: after an approval, Check Out a credential by id (or username and device hostname) to get its password for a window, hand it over a secure channel, Wait, then Check In (also in the error branch, with Ignore If Not Checked Out). Get Many finds credential ids.',
			relatedNodes: [
				{ nodeType: 'n8n-nodes-base.wait', relationHint: 'Waits for the approved window before Check In releases custody' },
				{ nodeType: 'n8n-nodes-segura.seguraRemoteSession', relationHint: 'Gives web proxy session links instead of passwords' },
			],
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'seguraOAuth2Api', required: true }],
		properties: [resource, ...credentialDescription],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this, operations);
	}
}
