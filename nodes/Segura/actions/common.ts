/** The fields more than one operation has: one definition each. */
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

/** The Segura user a session is for, as Create takes it and Terminate can. */
export function userProperty(description: string): INodeProperties {
	return { displayName: 'User', name: 'user', type: 'string', required: true, default: '', placeholder: 'alice', description };
}

/** The target device (hostname or IP), as Create takes it and Terminate can. */
export function deviceProperty(description: string): INodeProperties {
	return { displayName: 'Device', name: 'device', type: 'string', required: true, default: '', placeholder: '10.66.33.17', description };
}
