import type {
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { normalisedBaseUrlExpression, PATHS } from '../nodes/SeguraRemoteSession/transport/urls';

/**
 * OAuth 2.0 client credentials against a Segura A2A application.
 * n8n's own oAuth2Api does the token work: it fetches the token lazily, stores it encrypted in the
 * credential, and fetches a new one when the appliance answers 401.
 */
export class SeguraOAuth2Api implements ICredentialType {
	name = 'seguraOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Segura OAuth2 API';

	icon: Icon = { light: 'file:../icons/segura.svg', dark: 'file:../icons/segura.dark.svg' };

	documentationUrl = 'https://github.com/segura-community/n8n-nodes-segura#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://segura.example.com',
			description:
				'Address of the Segura appliance, e.g. https://10.66.33.120 or https://pam.example.com/segura behind a reverse proxy. A trailing slash is ignored.',
		},
		{
			displayName: 'API Paths',
			name: 'apiPaths',
			type: 'options',
			default: 'a2a',
			options: [
				{
					name: 'A2A (/iso/...)',
					value: 'a2a',
					description: 'Paths such as /iso/remote/session, served by current Segura versions',
				},
				{
					name: 'PAM Core (/api/pam/...)',
					value: 'pamCore',
					description: 'Paths such as /api/pam/remote/session, as in the PAM Core v4 documentation',
				},
			],
			description: 'Which endpoint family the appliance serves. Keep A2A unless your Segura documentation shows /api/pam/ paths.',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			// The Base URL as the node's requests use it (normaliseBaseUrl), then the token path.
			default: `={{${normalisedBaseUrlExpression('$self["baseUrl"]')}}}/iso/oauth2/token`,
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			// n8n lists the inherited oAuth2Api fields first (Client ID is the first one shown) and a
			// credential's own fields after them, so this is where the dialog says what comes below.
			description:
				'Client ID of the A2A application (Segura: A2A > Applications > OAuth 2.0). The appliance address goes in Base URL, further down this form.',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Client secret of the A2A application',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Client Authentication',
			name: 'authentication',
			type: 'options',
			default: 'body',
			options: [
				{
					name: 'Send Credentials in Body',
					value: 'body',
					description: 'Client ID and secret as form fields, as current Segura versions expect',
				},
				{
					name: 'Send as Basic Auth Header',
					value: 'header',
					description: 'HTTP Basic client authentication, as older Segura versions expect',
				},
			],
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the appliance certificate cannot be validated (self-signed or reached by IP). Anyone on the network path could then read the traffic: prefer installing the appliance CA.',
		},
	];

	// n8n fetches a token with the client ID and secret before this request, so a wrong secret fails
	// there; the list call then shows that the A2A authorization covers Web Proxy Session. (On very
	// large appliances the list can be slow; it is the one read that needs no known session id.)
	test: ICredentialTestRequest = {
		request: {
			// The same Base URL rule and list path as the node's requests (transport/urls.ts).
			baseURL: `={{${normalisedBaseUrlExpression('$credentials.baseUrl')}}}`,
			url: `={{$credentials.apiPaths === "pamCore" ? "${PATHS.pamCore.listSessions}" : "${PATHS.a2a.listSessions}"}}`,
			method: 'GET',
			skipSslCertificateValidation: '={{$credentials.ignoreSSLIssues}}',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'response.error',
					value: true,
					message: 'Segura answered with an error: check the A2A authorization of the application (Web Proxy Session permission)',
				},
			},
		],
	};
}
