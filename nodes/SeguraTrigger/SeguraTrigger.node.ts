import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { z } from 'zod/v3';

import { parseOptions } from '../SeguraRemoteSession/actions/common';
import { fetchSessionList, newestFirst } from '../SeguraRemoteSession/helpers/runSnapshot';
import { datedSessions } from '../SeguraRemoteSession/helpers/sessionFields';
import { sessionFilterSchema } from '../SeguraRemoteSession/helpers/sessionFilters';
import { validateParameters } from '../SeguraRemoteSession/helpers/validation';
import { properties } from './description';
import { advance, baseline, type KnownSessions } from './pollState';
import { eventItems, observe, testEvent, type EventSettings } from './sessionEvents';

const settingsSchema = z.object({
	events: z.array(z.enum(['started', 'ended'])).min(1, 'must name at least one event'),
	filters: z.object(sessionFilterSchema).strict(),
});

/**
 * The node's static data objects whose poll is waiting for the list. n8n starts polls on schedule
 * even while one runs; on a big appliance the list can outlast the interval, and a second poll
 * would only load the appliance again and apply an older list after a newer one.
 */
const polling = new WeakSet<object>();

function readSettings(context: IPollFunctions): EventSettings & { timeoutMs: number } {
	const raw = { events: context.getNodeParameter('events', []), filters: context.getNodeParameter('filters', {}) };
	const { events, filters } = validateParameters(context, settingsSchema, raw, 0);
	const options = parseOptions(context, context.getNodeParameter('options', {}) as IDataObject, 0);
	return { events, filters, addHelperFields: options.addHelperFields, timeZone: options.timezone, timeoutMs: options.timeout };
}

export class SeguraTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segura Trigger',
		name: 'seguraTrigger',
		icon: { light: 'file:../../icons/segura.svg', dark: 'file:../../icons/segura.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].map((event) => event === "started" ? "Session Started" : "Session Ended").join(", ") }}',
		description: 'Starts the workflow when a Segura (senhasegura) remote session starts or ends',
		defaults: { name: 'Segura Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'seguraOAuth2Api', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		const manual = this.getMode() === 'manual';
		const memory = this.getWorkflowStaticData('node');
		if (!manual && polling.has(memory)) return null;
		if (!manual) polling.add(memory);
		try {
			// One list request per poll (API Paths: Auto probes on the activation's first poll only).
			const list = await fetchSessionList(this, {
				itemIndex: 0,
				timeoutMs: settings.timeoutMs,
				what: 'the Segura Trigger',
				freshCredentials: true,
			});
			const sessions = newestFirst(datedSessions(list, settings.timeZone));
			if (manual) return [[testEvent(this, sessions, settings)]];
			const observed = observe(sessions, settings.timeZone);
			const known = memory.sessions as KnownSessions | undefined;
			// Nothing is stored until the list has arrived: a failed poll leaves the state as it was.
			if (!known) {
				memory.sessions = baseline(observed);
				return null;
			}
			const next = advance({ ...known }, observed);
			memory.sessions = next.known;
			const items = eventItems(next.events, settings);
			return items.length ? [items] : null;
		} finally {
			if (!manual) polling.delete(memory);
		}
	}
}
