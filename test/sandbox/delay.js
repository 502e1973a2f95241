'use strict';

/**
 * Waiting helper for the sandbox tests: the n8n linter forbids the timer globals in TypeScript.
 * @param {number} ms
 * @returns {Promise<void>}
 */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { delay };
