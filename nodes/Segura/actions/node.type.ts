import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type * as credential from './credential';
import type * as remoteSession from './remoteSession';

/** One operation: its fields, and one item's work. Each is one `<operation>.operation.ts` file. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]>;
}

/** The operations of both action nodes, by node. */
export type RemoteSessionOperation = keyof typeof remoteSession.operations;
export type CredentialOperation = keyof typeof credential.operations;
export type SeguraOperation = RemoteSessionOperation | CredentialOperation;
