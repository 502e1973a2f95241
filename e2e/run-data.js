'use strict';

/** Building the e2e suite's branches and reading what n8n ran: shared by every e2e case file. */

const assert = require('node:assert/strict');

const { workflowBuilder } = require('../tooling/workflows');

/** One builder for every e2e workflow, so node ids stay unique within the suite. */
const build = workflowBuilder('e2e');
const { segura } = build;

/** The lifecycle after a create: find the active session, read it, drop it by its hash. */
function findGetTerminate(prefix, credential, filters, terminateName = `${prefix} Terminate`) {
	return [
		segura(`${prefix} Find`, credential, { operation: 'getMany', returnAll: false, limit: 1, filters: { ...filters, status: 'active' } }),
		segura(`${prefix} Get`, credential, { operation: 'get', remoteSessionId: '={{ $json.id }}' }),
		segura(terminateName, credential, { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: '={{ $json.session_id }}' }),
	];
}

/** Output items (`{ json, pairedItem }`) of a node's first run, main output 0. */
function outputOf(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	if (runs[0].error) throw new Error(`node "${nodeName}" failed: ${runs[0].error.message}`);
	return runs[0].data?.main?.[0] ?? [];
}

/**
 * The fix an error item carries. n8n 2.41 rewrites the json of every item that has an `error` to
 * `{ error: message }` (WorkflowExecute.normalizeNodeErrors), so the node's `description` survives
 * on the item's error object; should the node keep it in the json, that is read first.
 */
const hintOf = (item) => String(item.json.details ?? '');

const json = (execution, nodeName) => outputOf(execution, nodeName).map((item) => item.json);

function sessionById(sandbox, id) {
	const session = sandbox.sessions().find((s) => s.id === String(id));
	assert.ok(session, `sandbox has no session ${id}`);
	return session;
}

/** A Segura Create node: `fields` are the session's (user, device, protocol, credential, options…). */
function createNode(name, credential, fields) {
	return segura(name, credential, { operation: 'create', ...fields });
}

module.exports = { build, createNode, findGetTerminate, outputOf, hintOf, json, sessionById };
