import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { userProperty } from '../common';
import { targetFields } from './createFields';
import { runsAsTool } from '../toolMode';
import {
	hostOrIp,
	nonBlank,
	optionalParameterText,
	port,
	protocol,
	remoteapp,
	screensize,
	validateParameters,
} from '../../model/validation';
import { seguraCall } from '../../transport';
import { createNamingUnknownValues } from './unknownValues';
import { concurrencyOption, getOptions, optionsCollection, timeoutOption } from '../../model/options';

const properties: INodeProperties[] = [
	{
		displayName: 'The session link expires within seconds of its creation: send it to the requester in the next step, before any Wait',
		name: 'linkLifetimeNotice',
		type: 'notice',
		default: '',
	},
	userProperty('Segura username of the person who will use the session (must be registered in Segura), e.g. the approved requester'),
	...targetFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Port',
				name: 'port',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 65535 },
				default: 22,
				description: 'Port for the session; by default Segura uses the device\'s port for the protocol',
			},
			{
				displayName: 'Remote Address',
				name: 'remoteAddr',
				type: 'string',
				default: '',
				placeholder: '192.168.1.3',
				description:
					'IP address of the person who will open the link; Segura binds the session to it',
			},
			{
				displayName: 'Remote Device',
				name: 'remotedevice',
				type: 'string',
				default: '',
				description:
					'Device ID, IP address or hostname for the session; needed only with domain credentials',
			},
			{
				displayName: 'RemoteApp ID',
				name: 'remoteapp',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'ID of the RemoteApp to start; only for RemoteApp (RDP) sessions',
			},
			{
				displayName: 'Screen Size',
				name: 'screensize',
				type: 'string',
				default: '',
				placeholder: '1920x1080',
				description: 'Screen resolution as WIDTHxHEIGHT',
			},
		],
	},
	optionsCollection([
		concurrencyOption,
		{
			displayName: 'Include Session Token',
			name: 'includeSessionToken',
			type: 'boolean',
			default: true,
			description:
				'Whether to output the session token beside the URL. Turn off when the workflow only passes the link on: the token is sensitive. As an AI agent\'s tool the node leaves the token out unless this option is added and on, so the model never sees it.',
		},
		timeoutOption,
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['create'] } }, properties);

const parametersSchema = z.object({
	user: nonBlank,
	device: hostOrIp,
	protocol,
	credential: optionalParameterText,
	additionalFields: z
		.object({
			remotedevice: optionalParameterText,
			remoteAddr: hostOrIp.optional(),
			port: port.optional(),
			remoteapp: remoteapp.optional(),
			screensize: screensize.optional(),
		})
		.strict(),
});

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const parameters = validateParameters(
		this,
		parametersSchema,
		{
			user: this.getNodeParameter('user', itemIndex, ''),
			// A plain text in version 1 (and in workflows saved before 1.1), the locator's value in 1.1.
			device: this.getNodeParameter('device', itemIndex, '', { extractValue: true }),
			protocol: this.getNodeParameter('protocol', itemIndex, ''),
			credential: this.getNodeParameter('credential', itemIndex, '', { extractValue: true }),
			additionalFields: this.getNodeParameter('additionalFields', itemIndex, {}),
		},
		itemIndex,
	);
	const options = getOptions(this, itemIndex);

	// Left out, credential means automatic selection; additional fields are sent only when set.
	const body: IDataObject = {
		user: parameters.user,
		device: parameters.device,
		protocol: parameters.protocol,
	};
	if (parameters.credential !== undefined) body.credential = parameters.credential;
	for (const [key, value] of Object.entries(parameters.additionalFields)) {
		if (value !== undefined) body[key] = value;
	}

	// Taken before the request, to the second (Segura's times have no fractions): the session starts
	// at or after this, so Terminate's Started After can pick it out among the user's others.
	const createdAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
	// Never retried: a second POST would open a second session.
	const { session } = await createNamingUnknownValues(
		this,
		async () => await seguraCall(this, { endpoint: 'createSession', body, itemIndex, timeoutMs: options.timeout }, 'Create'),
		{ ...parameters, remotedevice: parameters.additionalFields.remotedevice },
		{ itemIndex, timeoutMs: options.timeout },
	);

	// Left unset, the token is in a workflow's output (as always) but not in a tool's answer, which
	// n8n hands to the model: only a builder who adds the option and leaves it on sends it there.
	const includeToken = options.includeSessionToken ?? !runsAsTool(this);
	const output: IDataObject = { session_url: session.session_url };
	if (includeToken && session.token !== undefined) output.token = session.token;
	if (session.selection_mode !== undefined) output.selection_mode = session.selection_mode;
	output.user = parameters.user;
	output.device = parameters.device;
	output.protocol = parameters.protocol;
	if (parameters.credential !== undefined) output.credential = parameters.credential;
	output.created_at = createdAt;
	return [output];
}
