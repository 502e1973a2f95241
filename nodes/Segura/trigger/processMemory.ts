/**
 * What this n8n process knows of each active Segura Remote Session Trigger, beside the memory n8n stores. n8n
 * stores a poll's static data only when the poll emits items (its durable cursors also after a poll
 * that emits nothing), and a durable poll, a restored workflow or one saved from an editor that had
 * it open reads an older copy. The newer memory wins, so an older copy never replays what this
 * process already reported.
 */
import type { IPollFunctions } from 'n8n-workflow';

import type { PollMemory } from './pollState';

/** One trigger node of one workflow: the same across activations, polls and staged copies. */
export const triggerKey = (context: IPollFunctions): string => `${context.getWorkflow().id ?? ''}\u0000${context.getNode().id}`;

const newest = new Map<string, PollMemory>();

/** The memory is plain JSON: a copy shares nothing with the static data n8n holds. */
const copy = (memory: PollMemory): PollMemory => JSON.parse(JSON.stringify(memory)) as PollMemory;

/** The newer of the stored memory and this process's; undefined when neither exists. */
export function newerMemory(key: string, stored: PollMemory | undefined): PollMemory | undefined {
	const mine = newest.get(key);
	if (!mine) return stored;
	if (!stored || mine.revision > stored.revision) return copy(mine);
	return stored;
}

export function rememberMemory(key: string, memory: PollMemory): void {
	newest.set(key, copy(memory));
}

/**
 * Triggers whose poll is waiting for the list. n8n starts polls on schedule even while one runs;
 * on a big appliance the list can outlast the interval, and a second poll would only load the
 * appliance again and apply an older list after a newer one. Keyed by trigger, not by static-data
 * object: with durable cursors every poll gets its own copy.
 */
const polling = new Set<string>();

/** Runs `poll` unless one of the same trigger is running; then resolves to null at once. */
export async function oneAtATime<T>(key: string, poll: () => Promise<T | null>): Promise<T | null> {
	if (polling.has(key)) return null;
	polling.add(key);
	try {
		return await poll();
	} finally {
		polling.delete(key);
	}
}

/** Poll contexts already polled: n8n keeps one per activation, so the first poll is the activation's. */
const polledContexts = new WeakSet<IPollFunctions>();

/**
 * Whether this poll starts an activation by a person (turned on, or created active): sessions
 * before it are never reported. A restart of n8n, a republished workflow or a durable poll
 * ('init', 'update', 'leadershipChange') carries on from the memory instead.
 */
export function startsActivation(context: IPollFunctions): boolean {
	const first = !polledContexts.has(context);
	polledContexts.add(context);
	const mode = context.getActivationMode?.();
	return first && (mode === 'activate' || mode === 'create');
}
