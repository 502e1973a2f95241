'use strict';

/**
 * The runnable copies of the approval and audit examples that e2e/rest-cases.js runs, for every suite
 * that imports them into an n8n of its own (e2e/run.js, e2e/queue.js).
 */

const assert = require('node:assert/strict');

const { link } = require('../tooling/workflows');
const { build } = require('./run-data');
const { APPROVAL_COPY_ID, AUDIT_COPY_ID, CUSTODY_COPY_ID, CUSTODY_FAILURE_COPY_ID } = require('./rest-cases');

const { node, manualTrigger } = build;

/**
 * An example made runnable on demand: the same nodes, expressions and credential, with its trigger
 * replaced by a manual one and the listed nodes disabled (a disabled node passes its input through).
 */
function exampleCopy(example, { id, replace = {}, disable = [], prepend }) {
	const copy = structuredClone(example);
	copy.id = id;
	copy.name = `[e2e copy] ${example.name}`;
	copy.nodes = copy.nodes.map((original) => {
		const replacement = replace[original.name];
		// A Wait keeps its webhookId: n8n resumes waiting executions through it.
		const kept = { id: original.id, name: original.name, position: original.position, ...(original.webhookId ? { webhookId: original.webhookId } : {}) };
		const changed = replacement ? { ...replacement, ...kept } : original;
		return disable.includes(original.name) ? { ...changed, disabled: true } : changed;
	});
	for (const name of [...Object.keys(replace), ...disable]) {
		assert.ok(example.nodes.some((n) => n.name === name), `example ${example.id} has no node "${name}"`);
	}
	if (prepend) {
		copy.nodes.push({ ...prepend.node, position: [-700, 60] });
		link(copy.connections, prepend.node.name, prepend.before);
	}
	return copy;
}

/** The custody example with its webhook fed by hand, a 2 s window and a hand-over to `handOverUrl` (or none). */
function custodyCopy(example, id, handOverUrl) {
	const replace = {
		'Approval Webhook': node('', 'n8n-nodes-base.set', 3.4, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ body: { ticket: 'CHG0031337', requester: 'carol', credentialId: '97', minutes: 30 } }),
			options: {},
		}),
		'Wait Access Window': node('', 'n8n-nodes-base.wait', 1.1, { resume: 'timeInterval', amount: 2, unit: 'seconds' }),
	};
	if (handOverUrl) {
		const handOver = example.nodes.find((n) => n.name === 'Hand Over Password');
		replace['Hand Over Password'] = { ...handOver, parameters: { ...handOver.parameters, url: handOverUrl } };
	}
	return exampleCopy(example, { id, replace, disable: handOverUrl ? [] : ['Hand Over Password'], prepend: { node: manualTrigger('Run Test'), before: 'Approval Webhook' } });
}

/** The copies rest-cases.js runs, from env.readExamples()' result. */
function exampleCopies(examples) {
	const approval = examples['approval-to-session.json'];
	const audit = examples['daily-session-audit.json'];
	return [
		exampleCopy(approval, {
			id: APPROVAL_COPY_ID,
			replace: {
				// The webhook's request, as the approval tool would send it.
				'Approval Webhook': node('', 'n8n-nodes-base.set', 3.4, {
					mode: 'raw',
					jsonOutput: JSON.stringify({
						body: { ticket: 'INC0012345', requester: 'alice', device: '10.66.33.17', protocol: 'SSH', credential: '', email: 'alice@example.com', minutes: 30 },
					}),
					options: {},
				}),
				// The access window, shortened: the Wait runs (in n8n's process, under 65 s) as it would.
				'Wait Access Window': node('', 'n8n-nodes-base.wait', 1.1, { resume: 'timeInterval', amount: 2, unit: 'seconds' }),
			},
			disable: ['Email Link'],
			prepend: { node: manualTrigger('Run Test'), before: 'Approval Webhook' },
		}),
		exampleCopy(audit, { id: AUDIT_COPY_ID, replace: { 'Every Day at 07:00': manualTrigger('') } }),
		custodyCopy(examples['password-custody.json'], CUSTODY_COPY_ID),
		// A hand-over that fails: nothing listens on port 9 (discard) of this machine.
		custodyCopy(examples['password-custody.json'], CUSTODY_FAILURE_COPY_ID, 'http://127.0.0.1:9/one-time-secret'),
	];
}

module.exports = { exampleCopy, exampleCopies };
