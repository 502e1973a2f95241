import type { INodeProperties } from 'n8n-workflow';

/** The numeric remote session id, as Get takes it and Terminate can. */
export function remoteSessionIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Numeric ID',
		name: 'remoteSessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '30',
		description,
	};
}
