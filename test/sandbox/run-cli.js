'use strict';

/**
 * Runs `node sandbox/cli.js` as a child process for the CLI tests (a .js helper: the n8n linter
 * forbids Node built-ins such as child_process in TypeScript sources).
 */

const { spawn } = require('node:child_process');
const path = require('node:path');

const CLI = path.join(__dirname, '..', '..', 'sandbox', 'cli.js');

/**
 * Starts the CLI and resolves once its start-up block is printed (or it exits).
 * @param {string[]} args
 * @returns {Promise<{ output: () => string, exited: Promise<number | null>, stop: (signal?: NodeJS.Signals) => Promise<number | null> }>}
 */
function runCli(args) {
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the sandbox CLI did not start:\n${output}`));
		}, 10000);
		const ready = () => {
			clearTimeout(timer);
			resolve({
				output: () => output,
				exited,
				stop: (signal = 'SIGTERM') => {
					child.kill(signal);
					return exited;
				},
			});
		};
		const onData = (chunk) => {
			output += chunk.toString('utf8');
			if (output.includes('Ctrl+C to stop')) ready();
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		exited.then(ready);
	});
}

module.exports = { runCli };
