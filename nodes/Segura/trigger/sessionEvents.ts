/** The trigger's items: one per session and event, and the test event the editor fetches. */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { applianceTimeReader, withHelperFields, type DatedSession } from '../model/sessionFields';
import { matchesSession, type SessionFilters } from '../model/sessionFilters';
import type { Happened, Observed, SessionEvent } from './pollState';

export interface EventSettings {
	events: SessionEvent[];
	filters: SessionFilters;
	addHelperFields: boolean;
	timeZone: string;
}

/** The list as the poll state reads it: id, whether it has ended, and when. */
export function observe(sessions: DatedSession[], timeZone: string): Array<Observed<DatedSession>> {
	const read = applianceTimeReader(timeZone);
	return sessions.map((entry) => ({
		id: entry.session.id,
		ended: Boolean(entry.session.end),
		startMs: entry.startMs,
		endMs: entry.session.end ? read(entry.session.end) : undefined,
		value: entry,
	}));
}

/** An item: `event` first, then the session's fields as Get Many gives them (helper fields included). */
function toItem(event: SessionEvent, entry: DatedSession, settings: EventSettings, nowMs: number): INodeExecutionData {
	const fields = settings.addHelperFields
		? withHelperFields(entry, { timeZone: settings.timeZone, nowMs })
		: (entry.session as IDataObject);
	return { json: { event, ...fields } };
}

/** The events the user asked for, for sessions that pass the filters, in the order they happened. */
export function eventItems(happened: Array<Happened<DatedSession>>, settings: EventSettings): INodeExecutionData[] {
	const nowMs = Date.now();
	return happened
		.filter(({ event, value }) => settings.events.includes(event) && matchesSession(settings.filters, value.session))
		.map(({ event, value }) => toItem(event, value, settings, nowMs));
}

/**
 * "Fetch Test Event": the newest session (list sorted newest first) that could raise one of the
 * chosen events, as that event; the poll state is not touched.
 */
export function testEvent(context: IPollFunctions, sessions: DatedSession[], settings: EventSettings): INodeExecutionData {
	const started = settings.events.includes('started');
	const ended = settings.events.includes('ended');
	const entry = sessions.find(
		({ session }) => (started || (ended && Boolean(session.end))) && matchesSession(settings.filters, session),
	);
	if (entry) {
		const event: SessionEvent = ended && entry.session.end ? 'ended' : 'started';
		return toItem(event, entry, settings, Date.now());
	}
	const { user, device, protocol } = settings.filters;
	const shown = Object.entries({ user, device, protocol })
		.filter(([, value]) => value)
		.map(([key, value]) => `${key} "${value}"`);
	const kind = started ? 'remote session' : 'ended remote session';
	throw new NodeOperationError(context.getNode(), `No ${kind} in Segura's list matches the trigger's filters`, {
		description: `Segura listed ${sessions.length} sessions; none is ${started ? 'a session' : 'an ended session'}${shown.length ? ` with ${shown.join(', ')}` : ''}. To get a test event, open a session that matches (in Segura, or with the Segura Remote Session node's Create operation)${started ? '' : ' and end it'}, then fetch again; or widen the filters.`,
	});
}
