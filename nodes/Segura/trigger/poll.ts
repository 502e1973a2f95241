/** The Segura Remote Session Trigger's poll: read its settings, fetch the list, apply it to the memory, emit the events. */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { z } from 'zod/v3';

import { parseOptions } from '../model/options';
import { fetchSessionList } from '../transport/reads';
import { datedSessions, newestFirst, type DatedSession } from '../model/sessionFields';
import { sessionFilterSchema } from '../model/sessionFilters';
import { validateParameters } from '../model/validation';
import { confirmMissing } from './confirmations';
import { advance, confirm, inOrder, readMemory } from './pollState';
import { newerMemory, oneAtATime, rememberMemory, startsActivation, triggerKey } from './processMemory';
import { eventItems, observe, testEvent, type EventSettings } from './sessionEvents';

const settingsSchema = z.object({
	events: z.array(z.enum(['started', 'ended'])).min(1, 'must name at least one event'),
	filters: z.object(sessionFilterSchema).strict(),
});

type Settings = EventSettings & { timeoutMs: number };

function readSettings(context: IPollFunctions): Settings {
	const raw = { events: context.getNodeParameter('events', []), filters: context.getNodeParameter('filters', {}) };
	const { events, filters } = validateParameters(context, settingsSchema, raw, 0);
	const options = parseOptions(context, context.getNodeParameter('options', {}) as IDataObject, 0);
	return { events, filters, addHelperFields: options.addHelperFields, timeZone: options.timezone, timeoutMs: options.timeout };
}

/** One list request a poll (API Paths: Auto probes on the activation's first poll only), newest first. */
async function listSessions(context: IPollFunctions, settings: Settings): Promise<DatedSession[]> {
	const list = await fetchSessionList(context, {
		itemIndex: 0,
		timeoutMs: settings.timeoutMs,
		what: 'the Segura Remote Session Trigger',
		freshCredentials: true,
	});
	return newestFirst(datedSessions(list, settings.timeZone));
}

/** A scheduled poll: the list against the memory; the memory is written only once the list has arrived. */
async function pollEvents(context: IPollFunctions, settings: Settings, startsAnActivation: boolean) {
	const startedMs = Date.now();
	const key = triggerKey(context);
	const sessions = await listSessions(context, settings);
	const stored = context.getWorkflowStaticData('node');
	const before = newerMemory(key, readMemory(stored));
	const step = advance(before, observe(sessions, settings.timeZone), { nowMs: startedMs, baseline: startsAnActivation });
	if (step.suspect) {
		context.logger.warn(
			`Segura Remote Session Trigger: Segura's list of ${sessions.length} sessions lacks much of what the previous list held; no session is taken as ended or forgotten until a whole list returns`,
		);
	}
	const answers = await confirmMissing(context, step.missingActive, settings);
	const { memory, events } = confirm(step.memory, answers);
	if (memory.revision !== readMemory(stored)?.revision) {
		// One object per key: n8n sees the change, and an older shape's keys are replaced.
		for (const old of Object.keys(stored)) delete stored[old];
		Object.assign(stored, memory);
	}
	// A poll that outlived n8n's budget may be abandoned with its items: then only the stored copy counts.
	const budgetMs = context.getPollBudgetMs?.();
	if (budgetMs === undefined || Date.now() - startedMs <= budgetMs) rememberMemory(key, memory);
	const items = eventItems(inOrder(step.events, events), settings);
	return items.length ? [items] : null;
}

/** A poll of the trigger: Fetch Test Event (manual), or a scheduled poll's events; null when there are none. */
export async function poll(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	// Fetch Test Event: the newest matching session; the memory is not touched.
	if (context.getMode() === 'manual') return [[testEvent(context, await listSessions(context, settings), settings)]];
	const startsAnActivation = startsActivation(context);
	return await oneAtATime(triggerKey(context), async () => await pollEvents(context, settings, startsAnActivation));
}
