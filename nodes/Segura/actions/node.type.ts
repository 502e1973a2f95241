import type * as credential from './credential';
import type * as remoteSession from './remoteSession';

/** The operations of both action nodes, by node. */
export type RemoteSessionOperation = keyof typeof remoteSession.operations;
export type CredentialOperation = keyof typeof credential.operations;
export type SeguraOperation = RemoteSessionOperation | CredentialOperation;
