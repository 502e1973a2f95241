/**
 * The authentication steps of the harness's credentials helper (credentials-helper.ts), as n8n's
 * CredentialsHelper takes them: a declarative (`generic`) `authenticate`, and the decisions around
 * a `preAuthentication` that fills an expirable hidden field (e.g. a session token).
 */
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { UnexpectedError, isExpression } from 'n8n-workflow';

/**
 * Adds each declared entry (e.g. `headers.Authorization`) to the request; keys and values may be
 * expressions over `$credentials`, so they need the workflow and node to resolve in.
 */
export function applyGenericAuthentication(
	properties: IAuthenticateGeneric['properties'],
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	workflow?: Workflow,
	node?: INode,
): void {
	if (!workflow || !node) {
		throw new UnexpectedError(
			'Workflow and node are required for declarative credential authentication',
		);
	}
	const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
	const resolve = (v: string) => resolveAuthenticationValue(v, credentials, workflow, node);
	for (const [outerKey, entries] of Object.entries(properties)) {
		target[outerKey] ??= {};
		for (const [key, value] of Object.entries(entries as Record<string, string>)) {
			target[outerKey][resolve(key)] = resolve(value);
		}
	}
}

function resolveAuthenticationValue(
	value: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (!isExpression(value)) return value;
	return String(
		workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		) ?? '',
	);
}

/** The hidden field a `preAuthentication` fills; without one, n8n never pre-authenticates. */
export function expirableProperty(credentialType: ICredentialType): INodeProperties | undefined {
	return credentialType.properties.find(
		(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
	);
}

/** When the field is empty, has expired, or the credential is being tested. */
export function isPreAuthenticationDue(
	credentials: ICredentialDataDecryptedObject,
	expirableName: string,
	node: INode,
	credentialsExpired: boolean,
): boolean {
	// n8n's credential test runs the request on a temporary noOp node with `temp: ''`.
	const isTestingCredentials =
		node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
	return credentials[expirableName] === '' || credentialsExpired || isTestingCredentials;
}

/** The stored data with `preAuthentication`'s output, except over fields stored as expressions. */
export function withPreAuthenticationOutput(
	stored: ICredentialDataDecryptedObject,
	output: ICredentialDataDecryptedObject,
	expirableName: string,
): ICredentialDataDecryptedObject {
	const toPersist: ICredentialDataDecryptedObject = { ...stored };
	for (const [key, value] of Object.entries(output)) {
		if (key === expirableName || !isExpression(stored[key])) toPersist[key] = value;
	}
	return toPersist;
}
