/**
 * Harness self-test, runs: the items and errors a run hands back (continueOnFail or not), a run
 * n8n refuses to start, and a whole workflow run from its manual trigger.
 */
import { NodeApiError } from 'n8n-workflow';

import { WorkflowHasIssuesError } from 'n8n-core';

import { credentials, newEngine, NODE, SUITE, useOAuthServer } from './setup';

describe(SUITE, () => {
	const server = useOAuthServer();

	test('continueOnFail: a failing item becomes an error item paired to its input', async () => {
		const engine = newEngine(server);
		const items = ['/iso/echo', '/iso/status/404', '/iso/echo'].map((path) => ({ json: { path } }));
		const result = await engine.runNode({
			nodeType: NODE,
			credentials,
			items,
			parameters: { path: '={{ $json.path }}' },
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: expect.objectContaining({ path: '/iso/echo' }), pairedItem: { item: 0 } },
			{
				json: { error: 'The resource you are requesting could not be found' },
				pairedItem: { item: 1 },
			},
			{ json: expect.objectContaining({ path: '/iso/echo' }), pairedItem: { item: 2 } },
		]);
		expect(result.runData.Node[0].executionStatus).toBe('success');
	});

	test('n8n behaviour: a node that throws despite continueOnFail passes its input on, yet the run fails', async () => {
		const engine = newEngine(server);
		const items = [{ json: { a: 1 } }, { json: { a: 2 } }];
		const result = await engine.runNode({
			nodeType: NODE,
			credentials,
			items,
			parameters: { path: '/iso/status/500', handleContinueOnFail: false },
			continueOnFail: true,
		});
		// No error items: the input goes on unchanged, and n8n-core still marks the run as failed.
		expect(result.items).toEqual([
			{ json: { a: 1 }, pairedItem: { item: 0 } },
			{ json: { a: 2 }, pairedItem: { item: 1 } },
		]);
		expect(result.runData.Node[0].executionStatus).toBe('error');
		expect(result.run.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('500');
	});

	test('without continueOnFail the run error is the node error', async () => {
		const engine = newEngine(server);
		const result = await engine.runNode({
			nodeType: NODE,
			credentials,
			items: [{ json: {} }, { json: {} }],
			parameters: { path: '/iso/status/404' },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('404');
		expect((result.error as NodeApiError).description).toBe('Status 404 as requested');
		expect(result.items).toEqual([]);
		// The run data keeps a plain copy of the same error, as n8n stores it.
		expect(result.runData.Node[0].error).toMatchObject({
			name: 'NodeApiError',
			message: result.error?.message,
		});
		expect(result.run.data.resultData.error?.message).toBe(result.error?.message);
		expect(result.run.status).toBe('error');
		expect(server.state.apiRequests).toHaveLength(1);
	});

	test('a missing required parameter: n8n refuses to start the run', async () => {
		const engine = newEngine(server);
		await expect(
			engine.runNode({ nodeType: NODE, credentials, parameters: { path: '' } }),
		).rejects.toThrow(WorkflowHasIssuesError);
		expect(server.state.tokenRequests).toHaveLength(0);
	});

	test('runWorkflow runs an exported workflow from its (unpinned) manual trigger', async () => {
		const engine = newEngine(server);
		const { items, error } = await engine.runWorkflow({
			nodes: [
				{
					id: 'a',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'b',
					name: 'Probe',
					type: NODE,
					typeVersion: 1,
					position: [200, 0],
					parameters: { path: '/iso/wf' },
					credentials,
				},
			],
			connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: expect.objectContaining({ path: '/iso/wf' }), pairedItem: { item: 0 } },
		]);
	});
});
