import { IANAZone } from 'luxon';

import {
	applianceTimeReader,
	applianceTimeToEpoch,
	dated,
	withHelperFields,
} from '../../nodes/SeguraRemoteSession/helpers/sessionFields';

const iso = (start: string, timeZone: string) =>
	withHelperFields(dated({ id: '1', start }, timeZone), { timeZone, nowMs: 0 }).start_iso;

describe('session time fields', () => {
	it.each([
		['2024-05-15 17:37:53', 'UTC', '2024-05-15T17:37:53Z'],
		['2024-05-15 17:37:53', 'Europe/London', '2024-05-15T17:37:53+01:00'],
		['2024-01-15 17:37:53', 'Europe/London', '2024-01-15T17:37:53Z'],
		['2024-05-15T17:37:53', 'Asia/Kathmandu', '2024-05-15T17:37:53+05:45'],
		// A repeated hour at the end of daylight saving reads the same way whenever the node runs.
		['2024-11-03 01:30:00', 'America/New_York', '2024-11-03T01:30:00-04:00'],
		['2024-10-27 02:30:00', 'Europe/Berlin', '2024-10-27T02:30:00+01:00'],
		// An hour skipped at the start of daylight saving lands before the gap.
		['2024-03-10 02:30:00', 'America/New_York', '2024-03-10T01:30:00-05:00'],
	])('%s in %s is %s', (start, timeZone, expected) => {
		expect(iso(start, timeZone)).toBe(expected);
	});

	it('takes a value with an offset as the instant it names, to the second', () => {
		expect(iso('2024-05-15T17:37:53.123-03:00', 'UTC')).toBe('2024-05-15T20:37:53Z');
	});

	it('gives null for text that is not a calendar date', () => {
		expect(applianceTimeToEpoch('2024-02-30 10:00:00', 'UTC')).toBeUndefined();
		expect(iso('yesterday', 'UTC')).toBeNull();
	});
});

describe('a list read with one reader (offsets cached per local hour)', () => {
	/** The definition, value by value: the wall clock moved by the zone's offset, settled twice. */
	const byDefinition = (wallMs: number, zone: IANAZone) => {
		const offset = (at: number) => Math.round(zone.offset(at) * 60_000);
		return wallMs - offset(wallMs - offset(wallMs));
	};
	const text = (wallMs: number) => new Date(wallMs).toISOString().slice(0, 19).replace('T', ' ');

	it.each([
		['Europe/Berlin', '2024-03-31T00:00:00Z'],
		['Europe/Berlin', '2024-10-27T00:00:00Z'],
		['America/New_York', '2024-11-03T00:00:00Z'],
		['America/Sao_Paulo', '2018-11-04T00:00:00Z'],
		['Australia/Lord_Howe', '2024-04-07T00:00:00Z'],
		['Asia/Kathmandu', '2024-05-15T00:00:00Z'],
	])('%s around %s matches the definition at every 7th second for 6 hours', (timeZone, from) => {
		const read = applianceTimeReader(timeZone);
		const zone = IANAZone.create(timeZone);
		const mismatches: string[] = [];
		for (let wallMs = Date.parse(from); wallMs < Date.parse(from) + 6 * 3_600_000; wallMs += 7_000) {
			if (read(text(wallMs)) !== byDefinition(wallMs, zone)) mismatches.push(text(wallMs));
		}
		expect(mismatches).toEqual([]);
	});
});

