/** The fields more than one operation has: one definition each; the subtitle both action nodes show. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

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

/** A credential's numeric id, as Check Out can take it and Check In does. */
export function credentialIdProperty(description: string): INodeProperties {
	return { displayName: 'Credential ID', name: 'credentialId', type: 'string', required: true, default: '', placeholder: '94', description };
}

/** Get Many's Return All and Limit, in both action nodes. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** A node's subtitle: the chosen operation as its Operation field names it ("Get Many", not "getMany"). */
export function operationSubtitle(operationField: INodeProperties): string {
	const names = Object.fromEntries((operationField.options as INodePropertyOptions[]).map(({ value, name }) => [value, name]));
	return `={{ ${JSON.stringify(names)}[$parameter["operation"]] }}`;
}
