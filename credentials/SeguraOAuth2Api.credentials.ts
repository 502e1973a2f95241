import type {
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	normalisedBaseUrlExpression,
	tokenPath,
	pathOf,
	type ApiFamily,
} from '../nodes/Segura/model/endpoints';

const EXPLICIT: ApiFamily[] = ['a2a', 'pamCore', 'api'];

/** Whether the credential's API Paths is Auto, as an n8n expression (anything but a family is Auto). */
const IS_AUTO = `!${JSON.stringify(EXPLICIT)}.includes($credentials.apiPaths)`;

const TOKEN_REFUSED =
	'Segura refused the access token. If the stored token had expired, run the node once (it fetches a new one) and test again; otherwise check Client ID and Client Secret.';

const SEGURA_ERROR =
	'Segura answered with an error: check the A2A authorization of the application (Web Proxy Session permission)';

/**
 * OAuth 2.0 client credentials against a Segura A2A application.
 * n8n's own oAuth2Api does the token work: it fetches the token lazily, stores it encrypted in the
 * credential, and fetches a new one when the appliance answers 401 (the node also asks for one on a
 * 403 that says the token was refused: some Segura versions answer an expired token that way).
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
			default: 'auto',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description:
						'Find the path family per call: on a gateway 404 ("no route") the node tries the next documented family, once per run',
				},
				{
					name: 'A2A (/iso/...)',
					value: 'a2a',
					description: 'Paths such as /iso/remote/session, as in the 3.32 and current create pages',
				},
				{
					name: 'PAM Core (/api/pam/...)',
					value: 'pamCore',
					description: 'Paths such as /api/pam/remote/session, as in the PAM Core v4 documentation',
				},
				{
					name: 'API (/api/...)',
					value: 'api',
					description: 'Paths such as /api/session/remotesessions, as in the list pages of 3.32, v4 and current',
				},
			],
			description:
				'Which endpoint family the appliance serves. Auto tries the documented families in turn; choose one when you know it.',
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
			default: `={{${normalisedBaseUrlExpression('$self["baseUrl"]')}}}${tokenPath()}`,
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			// n8n lists the inherited oAuth2Api fields first (Client ID is the first one shown) and a
			// credential's own fields after them, so this is where the dialog says, visibly, what comes below.
			hint: 'Fill in Base URL too: the appliance\'s address, further down this form',
			description: 'Client ID of the A2A application (Segura: A2A > Applications > OAuth 2.0)',
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
		// Inherited oAuth2Api fields Segura's token endpoint has no use for: hidden, so the form holds
		// only what a Segura admin fills in.
		{
			displayName: 'Send Additional Body Properties',
			name: 'sendAdditionalBodyProperties',
			type: 'hidden',
			default: false,
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'hidden',
			default: '',
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
	// With API Paths Auto no one path is right for every version: the list is read at the A2A path
	// and an answer without Segura's envelope (the gateway's 404 where that path is not served) is
	// not a failure, since the node finds the path itself. Only then are HTTP errors read as bodies.
	test: ICredentialTestRequest = {
		request: {
			// The same Base URL rule and paths as the node's requests (transport/urls.ts).
			baseURL: `={{${normalisedBaseUrlExpression('$credentials.baseUrl')}}}`,
			url: `={{${EXPLICIT.map((family) => `$credentials.apiPaths === "${family}" ? "${pathOf(family, 'listSessions')}" : `).join('')}"${pathOf('a2a', 'listSessions')}"}}`,
			method: 'GET',
			skipSslCertificateValidation: '={{$credentials.ignoreSSLIssues}}',
			// n8n resolves every field of the test request as an expression; the type says boolean.
			ignoreHttpStatusErrors: `={{${IS_AUTO}}}` as unknown as boolean,
		},
		rules: [
			// Reached with an HTTP error status only under Auto (n8n fetches a new token on a thrown 401).
			...[401, 403].map((status) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'response.status', value: status, message: TOKEN_REFUSED },
			})),
			{ type: 'responseSuccessBody', properties: { key: 'response.error', value: true, message: SEGURA_ERROR } },
			// Older versions flag the error only under the Portuguese key.
			{ type: 'responseSuccessBody', properties: { key: 'response.erro', value: true, message: SEGURA_ERROR } },
		],
	};
}
