import type * as remoteSession from './remoteSession';

/** The node's operations; each is one `<operation>.operation.ts` file beside the others. */
export type SeguraOperation = keyof typeof remoteSession.operations;
