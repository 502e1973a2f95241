import { IANAZone } from 'luxon';

import {
	applianceTimeReader,
	applianceTimeToEpoch,
	boundToEpoch,
	dated,
	splitDevice,
	withHelperFields,
} from '../../nodes/Segura/model/sessionFields';

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
		// Latest first: what the reader caches for a day must hold for the hours before the first it read.
		const readBackwards = applianceTimeReader(timeZone);
		for (let wallMs = Date.parse(from) + 6 * 3_600_000 - 1_000; wallMs >= Date.parse(from); wallMs -= 7_000) {
			if (readBackwards(text(wallMs)) !== byDefinition(wallMs, zone)) mismatches.push(`${text(wallMs)} read backwards`);
		}
		expect(mismatches).toEqual([]);
	});
});


describe('helper fields', () => {
	const helpers = (session: Record<string, unknown>, nowMs = Date.parse('2024-05-15T18:00:00Z'), timeZone = 'UTC') =>
		withHelperFields(dated({ id: '1', ...session }, timeZone), { timeZone, nowMs });

	it('keeps the API fields as they are and adds the helpers after them', () => {
		const session = { start: '2024-05-15 17:00:00', end: '2024-05-15 17:30:15', device: 'db01:5432', time: '00:30:15' };
		expect(helpers(session)).toEqual({
			id: '1',
			...session,
			start_iso: '2024-05-15T17:00:00Z',
			end_iso: '2024-05-15T17:30:15Z',
			duration_seconds: 1815,
			device_host: 'db01',
			device_port: 5432,
			active: false,
			ticket: null,
		});
	});

	it.each([
		['the ITSM code over the request', { ITSM: 'INC0012345', request: '4102' }, 'INC0012345'],
		['the request when there is no ITSM code', { ITSM: null, request: '4101' }, '4101'],
		['the request when the ITSM code is blank', { ITSM: '  ', request: 4101 }, '4101'],
		['trimmed', { ITSM: ' CHG0000036 ' }, 'CHG0000036'],
		['null when neither is set', { ITSM: null, request: null }, null],
		['null for a value that is not text', { ITSM: { code: 'x' }, request: false }, null],
	])('ticket: %s', (_name, fields, ticket) => {
		expect(helpers(fields).ticket).toBe(ticket);
	});

	it('measures the duration from start and end when the API gives no time, and from now while active', () => {
		expect(helpers({ start: '2024-05-15 17:00:00', end: '2024-05-15 17:00:02' }).duration_seconds).toBe(2);
		expect(helpers({ start: '2024-05-15 17:00:00' }, Date.parse('2024-05-15T17:00:09.5Z'))).toMatchObject({
			duration_seconds: 10,
			end_iso: null,
			active: true,
		});
		// A clock behind the appliance's never gives a negative duration.
		expect(helpers({ start: '2024-05-15 17:00:00' }, Date.parse('2024-05-15T16:00:00Z')).duration_seconds).toBe(0);
		expect(helpers({ start: 'unknown' })).toMatchObject({ start_iso: null, duration_seconds: null });
	});

	it("takes the API's time over start and end when both are there", () => {
		expect(helpers({ start: '2024-05-15 17:00:00', end: '2024-05-15 18:00:00', time: '00:10:00' }).duration_seconds).toBe(600);
	});

	it.each([
		['100:00:01', 360001],
		[' 01:02:03 ', 3723],
		['01:60:00', null],
		['01:02', null],
		['1:2:3', null],
		['x01:02:03', null],
		['01:02:03x', null],
	])('time "%s" is %p seconds', (time, seconds) => {
		expect(helpers({ time }).duration_seconds).toBe(seconds);
	});

	it('an empty end means active; any end means ended', () => {
		expect(helpers({ end: '' }).active).toBe(true);
		expect(helpers({ end: null }).active).toBe(true);
		expect(helpers({ end: 'sometime' }).active).toBe(false);
	});

	it('starts are read to the second, with the zone offset (Z for UTC)', () => {
		expect(helpers({ start: '2024-05-15T17:00:00.999Z' }).start_iso).toBe('2024-05-15T17:00:00Z');
		expect(helpers({ start: '2024-01-15 12:00:00' }, 0, 'Europe/Lisbon').start_iso).toBe('2024-01-15T12:00:00Z');
		expect(helpers({ start: '2024-01-15 12:00:00' }, 0, 'America/Sao_Paulo').start_iso).toBe('2024-01-15T12:00:00-03:00');
	});
});

describe('devices', () => {
	it.each([
		['10.66.33.17:22', { host: '10.66.33.17', port: 22 }],
		[' host:3389 ', { host: 'host', port: 3389 }],
		['[::1]:22', { host: '::1', port: 22 }],
		['[::1]', { host: '::1', port: undefined }],
		['fe80::1', { host: 'fe80::1' }],
		['fe80:1::5', { host: 'fe80:1::5' }],
		['x[::1]:22', { host: 'x[::1]:22' }],
		['[::1]:22x', { host: '[::1]:22x' }],
		['host:ssh', { host: 'host:ssh' }],
		['host:123456', { host: 'host:123456' }],
		['host', { host: 'host' }],
		['  ', {}],
		[7, {}],
	])('%p is %p', (device, parts) => {
		expect(splitDevice(device)).toEqual(parts);
	});
});

describe('filter bounds and odd times', () => {
	it('a bound with an offset is that instant; without, the appliance zone; empty is no bound', () => {
		expect(boundToEpoch('2024-05-15T17:00:00-03:00', 'UTC')).toBe(Date.parse('2024-05-15T20:00:00Z'));
		expect(boundToEpoch('2024-05-15T17:00:00.250', 'Europe/Berlin')).toBe(Date.parse('2024-05-15T15:00:00Z'));
		expect(boundToEpoch('', 'UTC')).toBeUndefined();
	});

	it.each(['2024-05-15 17:60:00', '2024-05-15 17:00:60', '2024-05-15', 'Z', '2024-13-01 00:00:00'])(
		'"%s" is not a time',
		(value) => {
			expect(applianceTimeToEpoch(value, 'UTC')).toBeUndefined();
		},
	);

	it('the last second of a minute and of an hour are times', () => {
		expect(applianceTimeToEpoch(' 2024-05-15 17:59:59 ', 'UTC')).toBe(Date.parse('2024-05-15T17:59:59Z'));
		expect(applianceTimeToEpoch('2024-05-15T23:00:00+02:00', 'UTC')).toBe(Date.parse('2024-05-15T21:00:00Z'));
		expect(applianceTimeToEpoch(Date.parse('2024-05-15T21:00:00Z'), 'UTC')).toBeUndefined();
	});

	it('one reader gives the same instant for a value read twice (its hour cached)', () => {
		const read = applianceTimeReader('Europe/Berlin');
		const first = read('2024-10-27 02:30:00');
		expect(read('2024-10-27 02:30:00')).toBe(first);
		expect(read('2024-10-27 02:45:00')).toBe((first as number) + 15 * 60_000);
	});
});
