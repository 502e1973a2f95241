/** The field more than one Segura Credential operation has. */
import type { INodeProperties } from 'n8n-workflow';

/** A credential's numeric id, as Check Out can take it and Check In does. */
export function credentialIdProperty(description: string): INodeProperties {
	return { displayName: 'Credential ID', name: 'credentialId', type: 'string', required: true, default: '', placeholder: '94', description };
}
