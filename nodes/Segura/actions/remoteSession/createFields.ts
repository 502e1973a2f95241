/**
 * Create's Device, Protocol and Device Credential in both node versions: plain text and the
 * documented protocols in 1 (saved workflows show them as they were); in 1.1, pickers over Segura's
 * lists (actions/methods/) and the picked device's protocols.
 */
import type { INodeProperties } from 'n8n-workflow';

import { deviceProperty } from '../common';
import { PROTOCOLS } from '../methods/loadOptions';

/** Device Credential in both versions: text in 1, picked from the device's credentials in 1.1. */
const credentialProperty = {
	displayName: 'Device Credential',
	name: 'credential',
	hint: 'Leave empty and Segura picks a free credential of the device (automatic selection, Segura 4 and later)',
	description:
		'Username of the credential on the target device, as registered in Segura, that the session logs in with (not an n8n credential). Leave empty to let Segura pick a free username/password credential of the device (automatic selection, newer Segura versions).',
};

export const targetFields: INodeProperties[] = [
	{ ...deviceProperty('Hostname or IP address of the target device, as registered in Segura'), displayOptions: { show: { '@version': [1] } } },
	{
		displayName: 'Device',
		name: 'device',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The target device, as registered in Segura',
		builderHint: { propertyHint: "A device registered in Segura: its IP address or hostname. For a value from the input use mode 'address' with an expression, e.g. expr('{{ $json.device }}')" },
		displayOptions: { show: { '@version': [1.1] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a device…',
				typeOptions: { searchListMethod: 'searchDevices', searchable: true },
			},
			{
				displayName: 'By Address',
				name: 'address',
				type: 'string',
				placeholder: 'e.g. 10.66.33.17 or linux-srv-01',
				hint: 'Hostname or IP address of the device, as registered in Segura',
			},
		],
	},
	{
		displayName: 'Protocol',
		name: 'protocol',
		type: 'options',
		required: true,
		default: 'SSH',
		options: PROTOCOLS.map((name) => ({ name, value: name })),
		description:
			'Network protocol of the session. Choose from the list, or specify another protocol the device offers using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Protocol Name or ID',
		name: 'protocol',
		type: 'options',
		required: true,
		default: 'SSH',
		typeOptions: { loadOptionsMethod: 'getProtocols', loadOptionsDependsOn: ['device.value'] },
		description:
			'Network protocol of the session: those of the device picked from the list, else the ones Segura documents. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { '@version': [1.1] } },
	},
	{ ...credentialProperty, type: 'string', default: '', placeholder: 'e.g. usrsudonopass, or empty', displayOptions: { show: { '@version': [1] } } },
	{
		...credentialProperty,
		type: 'resourceLocator',
		builderHint: { propertyHint: "Username of a credential registered for the device (mode 'username'), or an empty value for Segura's automatic selection" },
		default: { mode: 'list', value: '' },
		displayOptions: { show: { '@version': [1.1] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Automatic, or select a credential…',
				typeOptions: { searchListMethod: 'searchDeviceCredentials', searchable: true },
			},
			{
				displayName: 'By Username',
				name: 'username',
				type: 'string',
				placeholder: 'e.g. usrsudonopass, or empty',
			},
		],
	},
];
