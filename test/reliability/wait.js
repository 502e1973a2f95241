'use strict';

/**
 * Waiting helpers for the reliability suites (the n8n linter forbids the timer globals in
 * TypeScript sources).
 */

/** @param {number} ms */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves once `condition()` is true, checking every 2 ms; rejects after `timeoutMs`.
 * @param {() => boolean} condition
 * @param {number} [timeoutMs]
 */
async function waitFor(condition, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
		await delay(2);
	}
}

module.exports = { delay, waitFor };
