/**
 * The Segura Remote Session Trigger never replays, over real HTTP in n8n's engine, in every sandbox profile: list
 * glitches (an empty list, half the list, another order) between whole lists, old ended sessions
 * coming back, a memory reset to an older copy, an n8n restart, and n8n's durable scheduler with
 * and without durable cursors. Sessions start and end through the Segura Remote Session node.
 * Events delivered per case are printed at the end; 100k sessions print the memory's size and a poll's time.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { PROFILES, type ListGlitch, type ProfileName, type Sandbox, type SandboxSession } from '../../sandbox';
import type { Engine } from '../harness/engine';
import { pollingTrigger } from '../harness/poll';
import { printSummary } from '../reliability/report';
import { addCredential, items, NODE_TYPE, sandbox, seguraEngine, TRIGGER_TYPE } from './setup';

const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
const delivered: string[] = [];
afterAll(() => printSummary('Segura Remote Session Trigger: events delivered per case (expected = got)', delivered));

const got = (output: INodeExecutionData[] | null) => output?.map(({ json: item }) => `${item.id}:${item.event}`) ?? [];

describe.each(PROFILE_NAMES)('%s', (profile) => {
	let box: Sandbox;
	let engine: Engine;
	let credentials: ReturnType<typeof addCredential>;
	let workflows = 0;
	const basicOnly = !PROFILES[profile].clientAuthentication.includes('body');

	beforeAll(async () => {
		box = await sandbox({ profile });
		engine = seguraEngine();
		credentials = addCredential(engine, box, { apiPaths: 'auto', authentication: basicOnly ? 'header' : 'body' });
	});
	afterAll(async () => await box.close());
	beforeEach(() => box.reset());

	const newTrigger = (extra: { staticData?: IDataObject; workflowId?: string } = {}) =>
		pollingTrigger(engine, {
			nodeType: TRIGGER_TYPE,
			parameters: { events: ['started', 'ended'], filters: {}, options: {} },
			credentials,
			workflowId: extra.workflowId ?? `${profile}-${++workflows}`,
			staticData: extra.staticData,
		});
	const startSession = async (user = 'alice') => {
		const { error } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'create', user, device: '10.66.33.17', protocol: 'SSH', credential: 'deploy' },
			credentials,
			items: items({}),
		});
		expect(error).toBeUndefined();
		return box.sessions().at(-1) as SandboxSession;
	};
	/** Terminate by the session_id this profile shows (Get by numeric id tells it). */
	const endSession = async (session: SandboxSession) => {
		const found = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: session.id }, credentials });
		const sessionHash = String(found.items[0].json.session_id);
		const { error } = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash }, credentials });
		expect(error).toBeUndefined();
	};
	const glitch = (kind: ListGlitch) => box.injectFaults({ kind });
	const record = (label: string, expected: string[], output: string[]) => {
		delivered.push(`${profile} × ${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(output)}`);
		expect(output).toEqual(expected);
	};

	test(`${profile} × an empty list, a truncated list and a reordered list between whole lists: no event`, async () => {
		const trigger = newTrigger();
		expect(await trigger.poll()).toBeNull();
		const events: string[] = [];
		for (const kind of ['emptyList', 'truncatedList', 'reorderedList'] as const) {
			glitch(kind);
			events.push(...got(await trigger.poll()));
			events.push(...got(await trigger.poll()));
		}
		record('glitched lists between whole lists', [], events);
		expect(box.routeRequests).toMatchObject({ list: 7, getOne: 0 });
	});

	test(`${profile} × sessions that start and end around glitches: each event once`, async () => {
		const trigger = newTrigger();
		await trigger.poll();
		const alice = await startSession();
		glitch('emptyList');
		const events = got(await trigger.poll());
		events.push(...got(await trigger.poll()));
		await endSession(alice);
		glitch('truncatedList');
		events.push(...got(await trigger.poll()));
		events.push(...got(await trigger.poll()));
		events.push(...got(await trigger.poll()));
		record('a session across glitches', [`${alice.id}:started`, `${alice.id}:ended`], events);
	});

	test(`${profile} × old ended sessions back after a truncated list: nothing`, async () => {
		const trigger = newTrigger();
		await trigger.poll();
		glitch('truncatedList');
		await trigger.poll();
		const back = got(await trigger.poll());
		record('old ended sessions reappearing', [], back);
	});

	test(`${profile} × an active session missing from a whole list: ended only once Segura shows its end`, async () => {
		const trigger = newTrigger();
		await trigger.poll();
		const alice = await startSession();
		const bob = await startSession('bob');
		expect(got(await trigger.poll())).toEqual([`${alice.id}:started`, `${bob.id}:started`]);
		await endSession(bob);
		// The list lacks bob's session once (its last entry, with the newest id): a Get settles it.
		box.injectFaults({ kind: 'truncatedList' });
		const events = got(await trigger.poll());
		record('a session missing while ending', [`${bob.id}:ended`], [...events, ...got(await trigger.poll())]);
	});

	test(`${profile} × memory reset to an older copy, and a restarted n8n: no replay`, async () => {
		const trigger = newTrigger();
		await trigger.poll();
		const older = trigger.staticData();
		const alice = await startSession();
		expect(got(await trigger.poll())).toEqual([`${alice.id}:started`]);
		trigger.activate('update', older);
		record('memory reset to an older copy', [], got(await trigger.poll()));
		const restarted = newTrigger({ staticData: trigger.staticData() });
		restarted.activate('init');
		await endSession(alice);
		record('after a restart', [`${alice.id}:ended`], got(await restarted.poll()));
	});

	test(`${profile} × n8n's durable scheduler, with and without durable cursors: baseline once, every event once`, async () => {
		for (const cursors of [true, false]) {
			box.reset();
			const trigger = newTrigger();
			// The activation's own poll, then the scheduler's polls, each on a copy read from the database.
			await trigger.poll();
			const alice = await startSession();
			const events = got(await trigger.durablePoll(cursors));
			events.push(...got(await trigger.durablePoll(cursors)));
			glitch('emptyList');
			events.push(...got(await trigger.durablePoll(cursors)));
			await endSession(alice);
			events.push(...got(await trigger.durablePoll(cursors)));
			events.push(...got(await trigger.durablePoll(cursors)));
			record(`durable cursors ${cursors ? 'on' : 'off'}`, [`${alice.id}:started`, `${alice.id}:ended`], events);
			expect(box.routeRequests.list).toBe(6);
		}
	});
});

describe('100k sessions', () => {
	let box: Sandbox;
	let engine: Engine;
	beforeAll(async () => {
		box = await sandbox({ syntheticSessions: 100_000 });
		engine = seguraEngine();
	});
	afterAll(async () => await box.close());

	test('the memory stays small and a poll is timed', async () => {
		const credentials = addCredential(engine, box);
		const trigger = pollingTrigger(engine, {
			nodeType: TRIGGER_TYPE,
			// The sandbox writes UTC; a wrong zone would hold every session that seems to start in the future.
			parameters: { events: ['started', 'ended'], filters: {}, options: { timeout: 120_000, timezone: 'UTC' } },
			credentials,
			workflowId: 'synthetic-100k',
		});
		const times: number[] = [];
		for (let poll = 0; poll < 3; poll++) {
			if (poll === 2) box.injectFaults({ kind: 'emptyList' });
			const started = Date.now();
			expect(await trigger.poll()).toBeNull();
			times.push(Date.now() - started);
		}
		const memory = trigger.staticData();
		const bytes = JSON.stringify(memory).length;
		const entries = Object.keys(memory.sessions as object).length;
		const active = box.sessions().filter((s) => s.end === null).length;
		printSummary('Segura Remote Session Trigger at 100k sessions', [
			`memory: ${bytes} bytes of JSON, ${entries} sessions held (${active} active in the list)`,
			`poll times: ${times.map((ms) => `${ms} ms`).join(', ')} (baseline, whole list, empty list)`,
		]);
		const recent = box.sessions().filter((s) => s.end !== null && Date.parse(`${s.start.replace(' ', 'T')}Z`) >= Date.now() - 11 * 60_000).length;
		expect(entries).toBeLessThanOrEqual(active + recent);
		expect(bytes).toBeLessThan(64 * 1024);
	});
});
