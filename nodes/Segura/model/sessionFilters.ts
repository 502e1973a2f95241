/**
 * The user, device, protocol and ticket filters that Get Many and the Segura Remote Session Trigger
 * share (fields, schema, test), and the whole query Get Many and Terminate by user and device run on a list.
 */
import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v3';

import type { RemoteSession } from './responses';
import { boundToEpoch, datedSessions, newestFirst, splitDevice, ticketText, type DatedSession } from './sessionFields';

/** The filter fields, in the alphabetical order n8n lists a collection's entries in. */
export const sessionFilterProperties: INodeProperties[] = [
	{
		displayName: 'Device',
		name: 'device',
		type: 'string',
		default: '',
		placeholder: '10.66.33.17',
		description: 'Only sessions to this device (hostname or IP, with or without :port)',
	},
	{
		displayName: 'Protocol',
		name: 'protocol',
		type: 'string',
		default: '',
		placeholder: 'SSH',
		description: 'Only sessions over this protocol (case-insensitive)',
	},
	{
		displayName: 'Ticket',
		name: 'ticket',
		type: 'string',
		default: '',
		placeholder: 'INC0012345',
		description: "Only sessions of this ticket: Segura's ITSM code or request of the session (case-insensitive; see Ticket Match)",
	},
	{
		displayName: 'Ticket Match',
		name: 'ticketMatch',
		type: 'options',
		default: 'exact',
		options: [
			{ name: 'Contains', value: 'contains', description: 'The ITSM code or the request contains the Ticket text' },
			{ name: 'Exact', value: 'exact', description: 'The ITSM code or the request is the Ticket text' },
		],
		description: 'How Ticket compares with the session\'s ITSM code and request',
	},
	{
		displayName: 'User',
		name: 'user',
		type: 'string',
		default: '',
		placeholder: 'alice',
		description: 'Only sessions of this Segura user (case-insensitive)',
	},
];

/** A filter value: trimmed, compared case-insensitively; empty means "any". */
export const filterText = z
	.string()
	.trim()
	.max(255, 'must be at most 255 characters')
	.default('')
	.transform((value) => value.toLowerCase());

export const sessionFilterSchema = {
	user: filterText,
	device: filterText,
	protocol: filterText,
	ticket: filterText,
	ticketMatch: z.enum(['exact', 'contains']).default('exact'),
};

export interface SessionFilters {
	user: string;
	device: string;
	protocol: string;
	/** Empty: any ticket, or none. */
	ticket: string;
	ticketMatch: 'exact' | 'contains';
}

/** Whether the session's ITSM code or request is (or contains) the ticket text, already lower case. */
function matchesTicket({ ticket, ticketMatch }: SessionFilters, session: RemoteSession): boolean {
	return [session.ITSM, session.request].some((value) => {
		const text = ticketText(value)?.toLowerCase();
		if (text === undefined) return false;
		return ticketMatch === 'contains' ? text.includes(ticket) : text === ticket;
	});
}

/** Whether a session passes the filters (values already lower case, as the schema makes them). */
export function matchesSession(filters: SessionFilters, session: RemoteSession): boolean {
	if (filters.user && session.user?.toLowerCase() !== filters.user) return false;
	if (filters.protocol && session.protocol?.toLowerCase() !== filters.protocol) return false;
	if (filters.ticket && !matchesTicket(filters, session)) return false;
	if (filters.device) {
		const device = session.device?.toLowerCase();
		if (device !== filters.device && splitDevice(device).host !== filters.device) return false;
	}
	return true;
}

/** Filters plus status and start bounds: Get Many's query, and Terminate's by user and device. */
export interface SessionQuery extends SessionFilters {
	status: 'any' | 'active' | 'ended';
	/** Instants as text (an offset, or the appliance's zone); empty for no bound. */
	startedAfter: string;
	startedBefore: string;
}

function matchesStatus(status: SessionQuery['status'], session: RemoteSession): boolean {
	return status === 'any' || (status === 'active' ? !session.end : Boolean(session.end));
}

/**
 * The sessions that pass the query, newest first (by start, then id), at most `limit`. The text and
 * status filters go first, so only the sessions that pass them are dated and sorted: on a list of
 * 100,000 a user filter leaves a few thousand.
 */
export function newestMatching(sessions: RemoteSession[], query: SessionQuery, timeZone: string, limit = Infinity): DatedSession[] {
	const after = boundToEpoch(query.startedAfter, timeZone);
	const before = boundToEpoch(query.startedBefore, timeZone);
	const bounded = after !== undefined || before !== undefined;
	const candidates = sessions.filter((session) => matchesSession(query, session) && matchesStatus(query.status, session));
	const inBounds = datedSessions(candidates, timeZone).filter(
		({ startMs }) => !bounded || (startMs !== undefined && (after === undefined || startMs >= after) && (before === undefined || startMs < before)),
	);
	const sorted = newestFirst(inBounds);
	return sorted.length > limit ? sorted.slice(0, limit) : sorted;
}
