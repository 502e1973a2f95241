'use strict';

/**
 * Output for the reliability suites. A .js file because the n8n linter forbids `process` and
 * `console` in TypeScript sources.
 */

/**
 * Prints a block of summary lines to stdout, outside jest's console buffering.
 * @param {string} title
 * @param {string[]} lines
 */
function printSummary(title, lines) {
	process.stdout.write(`\n[${title}]\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
}

module.exports = { printSummary };
