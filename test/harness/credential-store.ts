/**
 * The harness's credential storage: the rows of the engine's in-memory store (n8n keeps them
 * encrypted in its DB), looked up by a node's credential reference and handed out as n8n-core's
 * `ICredentials`. The credentials helper (credentials-helper.ts) reads and writes through it.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	INodeCredentialsDetails,
} from 'n8n-workflow';
import { ICredentials, UserError } from 'n8n-workflow';

/** One credential row of the engine's in-memory store (n8n keeps it encrypted in its DB). */
export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** n8n-core's `Credentials`, minus the encryption (which needs an instance key on disk). */
class PlainCredentials extends ICredentials {
	async getData(): Promise<ICredentialDataDecryptedObject> {
		return JSON.parse(this.data ?? '{}') as ICredentialDataDecryptedObject;
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: this.data };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.data = JSON.stringify(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const updated: ICredentialDataDecryptedObject = { ...(await this.getData()) };
		Object.assign(updated, toUpdate);
		for (const key of toDelete) delete updated[key];
		await this.setData(updated);
	}
}

/** The stored row a node's credential reference points to; errors worded as n8n's. */
export function findStoredCredential(
	store: Map<string, StoredCredential>,
	nodeCredentials: INodeCredentialsDetails,
	type: string,
): StoredCredential {
	if (!nodeCredentials.id) {
		throw new UserError(`Credential "${nodeCredentials.name}" of type "${type}" has no ID.`);
	}
	const entity = store.get(nodeCredentials.id);
	if (!entity || entity.type !== type) {
		throw new UserError(
			`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
		);
	}
	return entity;
}

/** A stored row as the `ICredentials` n8n-core reads (and updates) during an execution. */
export function toCredentials(entity: StoredCredential): ICredentials {
	return new PlainCredentials(
		{ id: entity.id, name: entity.name },
		entity.type,
		JSON.stringify(entity.data),
	);
}
