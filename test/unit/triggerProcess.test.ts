/** The trigger's memory per n8n process: which copy wins, which poll starts an activation, the poll budget. */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { advance } from '../../nodes/Segura/trigger/pollState';
import { newerMemory, rememberMemory, startsActivation } from '../../nodes/Segura/trigger/processMemory';
import { listedSession } from './mock-context';
import { newWorkflowId, triggerUnderTest, useClock } from './trigger-context';

const { clock, after } = useClock('2026-11-29T10:30:00Z');

const memoryAt = (revision: number) => ({ ...advance(undefined, [], { nowMs: 0, baseline: true }).memory, revision });

describe('newerMemory', () => {
	it('the stored copy wins unless this process wrote a newer one; a copy of this process shares nothing', () => {
		const key = newWorkflowId();
		expect(newerMemory(key, undefined)).toBeUndefined();
		const stored = memoryAt(3);
		expect(newerMemory(key, stored)).toBe(stored);
		rememberMemory(key, memoryAt(3));
		expect(newerMemory(key, stored)).toBe(stored);
		expect(newerMemory(key, memoryAt(4))).toEqual(memoryAt(4));
		const mine = memoryAt(5);
		rememberMemory(key, mine);
		const adopted = newerMemory(key, stored);
		expect(adopted).toEqual(mine);
		expect(adopted).not.toBe(mine);
		expect(newerMemory(key, undefined)).toEqual(mine);
	});
});

describe('startsActivation', () => {
	const contextIn = (mode: string) => ({ getActivationMode: () => mode }) as unknown as IPollFunctions;

	it.each([
		['activate', true],
		['create', true],
		['init', false],
		['update', false],
		['leadershipChange', false],
	])('the first poll of a context in mode %s: %s; its second poll never', (mode, first) => {
		const context = contextIn(mode);
		expect(startsActivation(context)).toBe(first);
		expect(startsActivation(context)).toBe(false);
	});
});

describe('the poll budget', () => {
	const s38 = listedSession(38, 'alice', '10.66.33.17:22', 'SSH', '2026-11-29 11:00:00', null);

	it("a poll that outlived n8n's budget leaves the process memory as it was: its items may have been discarded", async () => {
		const first = triggerUnderTest(after, { budgetMs: 60_000 });
		await first.poll([]);
		const beforeTheSlowPoll = JSON.parse(JSON.stringify(first.memory)) as IDataObject;
		// The list takes two minutes to arrive: longer than the budget.
		const answer = first.context.helpers.httpRequestWithAuthentication;
		first.context.helpers.httpRequestWithAuthentication = (async (...args: Parameters<typeof answer>) => {
			clock.now += 120_000;
			return await answer.call(first.context, ...args);
		}) as typeof answer;
		expect(await first.poll([s38])).toEqual(['38:started']);
		// n8n discarded that poll and hands the next one the copy from before it: 38 is delivered again.
		const next = triggerUnderTest(after, { memory: beforeTheSlowPoll, workflowId: first.workflowId, activation: 'update' });
		expect(await next.poll([s38])).toEqual(['38:started']);
	});

	it('a poll within the budget updates the process memory: the same older copy then replays nothing', async () => {
		const first = triggerUnderTest(after, { budgetMs: 60_000 });
		await first.poll([]);
		const older = JSON.parse(JSON.stringify(first.memory)) as IDataObject;
		expect(await first.poll([s38])).toEqual(['38:started']);
		const next = triggerUnderTest(after, { memory: older, workflowId: first.workflowId, activation: 'update' });
		expect(await next.poll([s38])).toBeNull();
	});
});
