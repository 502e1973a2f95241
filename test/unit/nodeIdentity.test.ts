/**
 * What n8n and saved workflows know the two nodes by: type names, credential, connections and the
 * texts of the nodes panel. The examples are workflows as users save them, so they name the types.
 */
import { NodeConnectionTypes } from 'n8n-workflow';

import agentChat from '../../examples/agent-chat.json';
import approvalToSession from '../../examples/approval-to-session.json';
import sessionEvents from '../../examples/session-events.json';
import { SeguraRemoteSession } from '../../nodes/Segura/SeguraRemoteSession.node';
import { CREDENTIAL_TYPE } from '../../nodes/Segura/transport';
import { SeguraRemoteSessionTrigger } from '../../nodes/Segura/SeguraRemoteSessionTrigger.node';

const typesInExamples = new Set(
	[agentChat, approvalToSession, sessionEvents].flatMap((workflow) => workflow.nodes.map((node: { type: string }) => node.type)),
);

// Built inside each test, so each test's coverage holds the description.
describe('node identity', () => {
	it('Segura Remote Session: an action node with one input and output, usable as an AI tool', () => {
		const { description } = new SeguraRemoteSession();
		expect(typesInExamples).toContain(`n8n-nodes-segura.${description.name}`);
		expect(typesInExamples).toContain(`n8n-nodes-segura.${description.name}Tool`);
		expect(description).toMatchObject({
			displayName: 'Segura Remote Session',
			name: 'seguraRemoteSession',
			group: ['transform'],
			defaults: { name: 'Segura Remote Session' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			usableAsTool: true,
		});
		expect(description.description).toMatch(/web proxy session/);
	});

	it('Segura Remote Session Trigger: a polling trigger with no input, on the same credential', () => {
		const { description } = new SeguraRemoteSessionTrigger();
		expect(typesInExamples).toContain(`n8n-nodes-segura.${description.name}`);
		expect(description).toMatchObject({
			displayName: 'Segura Remote Session Trigger',
			name: 'seguraRemoteSessionTrigger',
			group: ['trigger'],
			defaults: { name: 'Segura Remote Session Trigger' },
			polling: true,
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		});
		expect(description.description).toMatch(/remote session starts or ends/);
		// n8n's nodes panel files a trigger under the app whose type name is the trigger's without
		// "Trigger": one Segura Remote Session app, with its actions and its trigger.
		expect(description.name.replace(/Trigger$/, '')).toBe(new SeguraRemoteSession().description.name);
	});
});
