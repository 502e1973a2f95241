'use strict';

/** The PASS/FAIL steps of an end-to-end runner (e2e/run.js, e2e/queue.js) and their final table. */
function createSteps(say) {
	const results = [];

	/** Runs a step, times it, and records pass/fail; `fatal` stops the run on failure. */
	async function step(name, fn, { fatal = false } = {}) {
		const started = Date.now();
		try {
			const value = await fn();
			results.push({ name, ok: true, ms: Date.now() - started });
			return value;
		} catch (error) {
			results.push({ name, ok: false, ms: Date.now() - started, error });
			if (fatal) throw Object.assign(new Error(`${name} failed`), { cause: error, reported: true });
			return undefined;
		}
	}

	/** Prints the table, every failure with its causes, then `onFailure()`; sets the exit code. */
	function report(totalMs, onFailure = () => {}) {
		say('');
		const width = Math.max(...results.map((r) => r.name.length));
		for (const r of results) say(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(5)} s`);
		const failed = results.filter((r) => !r.ok);
		for (const r of failed) {
			say(`\n--- ${r.name}`);
			for (let error = r.error; error; error = error.cause) {
				say(error.message ?? String(error));
				if (error.output) say(error.output.slice(-4000));
			}
		}
		if (failed.length) onFailure();
		say(`\n${results.length - failed.length} passed, ${failed.length} failed; total ${(totalMs / 1000).toFixed(1)} s`);
		process.exitCode = failed.length ? 1 : 0;
	}

	return { results, step, report };
}

module.exports = { createSteps };
