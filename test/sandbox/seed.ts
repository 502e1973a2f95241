/**
 * What the default sandbox starts with and how it writes times, shared by the sandbox test files.
 */

/** The ids of the seeded sessions, in list order: a fresh or reset sandbox holds exactly these. */
export const SEEDED_IDS = ['30', '31', '32', '33', '34', '35', '36', '37'];

/** A session's start / end time as the appliance writes it ("YYYY-MM-DD HH:MM:SS"). */
export const SQL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** "YYYY-MM-DD HH:MM:SS" read as if it were UTC (the sandbox's local time is UTC + offset). */
export function parseLocal(value: string | null): number {
	return Date.parse(`${String(value).replace(' ', 'T')}Z`);
}
