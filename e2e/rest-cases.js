'use strict';

/**
 * The e2e cases run through the running n8n server (e2e/run.js), the way the editor runs them: the
 * example workflows, or runnable copies of them.
 */

const assert = require('node:assert/strict');

const { json, sessionById } = require('./run-data');

const APPROVAL_COPY_ID = 'e2e-approval-copy';
const AUDIT_COPY_ID = 'e2e-audit-copy';
const CUSTODY_COPY_ID = 'e2e-custody-copy';
const CUSTODY_FAILURE_COPY_ID = 'e2e-custody-failure-copy';

/** Seconds between two sandbox times ("YYYY-MM-DD HH:MM:SS", UTC with the default offset). */
const sandboxEpoch = (time) => Date.parse(`${time.replace(' ', 'T')}Z`);

/**
 * Workflows run through the running server, the way the editor's "Execute workflow" button runs
 * them (a manual execution): the examples. Each check gets the run data and the sandbox counters as
 * they were just before the run.
 */
function defineRestCases(ctx) {
	const { D } = ctx;
	return [
		{
			name: 'example approval-to-session (manual trigger, email disabled, a 2 s wait): Terminate closes what Create opened',
			workflowId: APPROVAL_COPY_ID,
			check(run, before) {
				const [created] = json(run, 'Create Session');
				assert.ok(created.session_url.startsWith(`${D.baseUrl}/`));
				assert.equal(created.token, undefined, 'the example leaves the session token out');
				assert.equal(created.selection_mode, 'automatic');
				// No look-up before the Wait: Terminate finds the session by user, device and created_at.
				const out = json(run, 'Terminate Session');
				assert.equal(out.length, 1);
				assert.equal(out[0].terminated, true);
				const session = sessionById(D, out[0].id);
				assert.equal(session.user, 'alice');
				assert.equal(session.device, '10.66.33.17:22');
				assert.ok(session.end, 'ended in the sandbox');
				assert.ok(sandboxEpoch(session.start) >= Date.parse(created.created_at), 'the session Create opened');
				// No active session of the requester on the device from this approval is left, and the
				// one drop of the run was that session's: no other session was dropped.
				const left = D.sessions().filter((s) => s.user === 'alice' && s.device === '10.66.33.17:22' && !s.end && sandboxEpoch(s.start) >= Date.parse(created.created_at));
				assert.deepEqual(left, []);
				assert.equal(D.counters.creates - before.creates, 1);
				assert.equal(D.counters.terminates - before.terminates, 1);
				// The ticket came with the approval and travelled in the workflow to what goes back to it.
				assert.deepEqual(json(run, 'Access Closed'), [
					{ ticket: 'INC0012345', user: 'alice', device: '10.66.33.17:22', session_id: session.session_id, terminated: true, note: out[0].message },
				]);
				const older = D.sessions().filter((s) => s.user === 'alice' && s.device === '10.66.33.17:22' && !s.end).map((s) => s.id);
				return `approval example (ticket INC0012345): Create at ${created.created_at} (link sent, no token in the output), Wait, Terminate by user and device ended session ${session.id} (alice on ${session.device}, ${session.start} to ${session.end}); creates 1, drops 1; alice's active sessions on the device opened before this approval, untouched: ${older.join(', ') || 'none'}`;
			},
		},
		{
			name: 'example daily-session-audit (manual trigger)',
			workflowId: AUDIT_COPY_ID,
			check(run) {
				// What the report must say, from the sandbox's own records: sessions that ended and
				// started in the last 24 h (seeded ones plus any an earlier case ended).
				const since = Date.now() - 24 * 3600_000;
				const expected = new Map();
				for (const s of D.sessions()) {
					if (!s.end || sandboxEpoch(s.start) < since) continue;
					const entry = expected.get(s.user) ?? { user: s.user, session_count: 0, total_duration_seconds: 0 };
					entry.session_count += 1;
					entry.total_duration_seconds += (sandboxEpoch(s.end) - sandboxEpoch(s.start)) / 1000;
					expected.set(s.user, entry);
				}
				const got = json(run, 'Summarise per User').map(({ user, session_count, total_duration_seconds }) => ({
					user,
					session_count,
					total_duration_seconds,
				}));
				const byUser = (a, b) => a.user.localeCompare(b.user);
				assert.deepEqual([...got].sort(byUser), [...expected.values()].sort(byUser));
				// Spot checks against the seed: bob's 3 min 9 s session 5 h ago, alice's 22 min 41 s one
				// 19 h ago; carol's session 26 h ago is outside the window.
				assert.deepEqual(got.find((u) => u.user === 'bob'), { user: 'bob', session_count: 1, total_duration_seconds: 189 });
				assert.ok(got.find((u) => u.user === 'alice').total_duration_seconds >= 1361);
				assert.ok(!got.some((u) => u.user === 'carol'));
			},
		},
		{
			name: 'example password-custody (hand-over disabled, a 2 s wait): Check Out, then Check In releases custody',
			workflowId: CUSTODY_COPY_ID,
			check(run) {
				const [out] = json(run, 'Check Out');
				assert.equal(out.id, '97');
				assert.ok(D.credentialSecrets().includes(out.password), 'the password Segura handed out');
				assert.deepEqual(json(run, 'Window Closed'), [{ ticket: 'CHG0031337', credentialId: '97', checkedIn: true, note: 'Credential custody 97 released' }]);
				const custody = D.custody();
				assert.deepEqual(custody.held, {}, 'nothing left in custody');
				assert.deepEqual(custody.deactivated, [], 'no credential deactivated');
				return `custody example: Check Out 97 (dbadmin, password [redacted]), Wait 2 s, Check In: "Credential custody 97 released"; held after: none; deactivated: none; rotations so far: ${custody.counters.rotations}`;
			},
		},
		{
			name: 'example password-custody, the hand-over fails: the error branch checks the credential in',
			workflowId: CUSTODY_FAILURE_COPY_ID,
			check(run) {
				assert.deepEqual(json(run, 'Check In On Failure').map(({ id, released }) => ({ id, released })), [{ id: '97', released: true }]);
				assert.equal(run.data.resultData.runData['Check In'], undefined, 'the main Check In did not run');
				assert.deepEqual(D.custody().held, {}, 'nothing left in custody');
				assert.deepEqual(D.custody().deactivated, []);
			},
		},
		{
			name: 'example sandbox-demo (as is, the npm start demo)',
			workflowId: 'segura-sandbox-demo',
			check(run, before) {
				const [created] = json(run, 'Create Session');
				assert.ok(created.session_url.startsWith(`${D.baseUrl}/`));
				assert.equal(created.selection_mode, 'automatic');
				assert.equal(D.counters.creates - before.creates, 1);
				const listed = json(run, "Alice's Sessions");
				assert.equal(listed[0].active, true, 'the new session comes first');
				assert.ok(['34', '31'].every((id) => listed.some((s) => s.id === id)), "with alice's seeded sessions");
				assert.ok(listed.every((s) => s.user === 'alice'));
			},
		},
	];
}

module.exports = { defineRestCases, APPROVAL_COPY_ID, AUDIT_COPY_ID, CUSTODY_COPY_ID, CUSTODY_FAILURE_COPY_ID };
