#!/usr/bin/env node
/**
 * Reads one or more StrykerJS JSON reports (reports/mutation/mutation.json by default) and prints, in
 * Markdown, the score per file and in all, then every surviving or uncovered mutant with its line,
 * the original code and the replacement. For a file several reports hold, a later report's mutants
 * replace the same mutants (place, mutator, replacement) of an earlier one when the file's source is
 * the same in both (a run of part of a file); otherwise the later report's file replaces it whole.
 *
 * Usage: node scripts/mutation-summary.js [report.json ...] [--survivors] [--ranges]
 * --ranges prints the surviving and uncovered mutants as a `--mutate` list, to run them again.
 * Score as Stryker counts it: (killed + timed out) / (killed + timed out + survived + no coverage).
 */
const fs = require('node:fs');

const args = process.argv.slice(2);
const showSurvivors = args.includes('--survivors');
const showRanges = args.includes('--ranges');
const reports = args.filter((arg) => !arg.startsWith('--'));
if (reports.length === 0) reports.push('reports/mutation/mutation.json');

const keyOf = ({ location: { start, end }, mutatorName, replacement }) =>
	`${start.line}:${start.column}-${end.line}:${end.column} ${mutatorName} ${replacement}`;
const files = {};
for (const report of reports) {
	for (const [name, file] of Object.entries(JSON.parse(fs.readFileSync(report, 'utf8')).files)) {
		const earlier = files[name];
		if (!earlier || earlier.source !== file.source) {
			files[name] = file;
			continue;
		}
		const mutants = new Map(earlier.mutants.map((mutant) => [keyOf(mutant), mutant]));
		for (const mutant of file.mutants) mutants.set(keyOf(mutant), mutant);
		files[name] = { ...file, mutants: [...mutants.values()] };
	}
}
const open = (mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage';

if (showRanges) {
	const ranges = Object.entries(files).flatMap(([name, file]) =>
		// The report counts columns from 1, Stryker's --mutate ranges from 0.
		file.mutants.filter(open).map(({ location: { start, end } }) => `${name}:${start.line}:${start.column - 1}-${end.line}:${end.column}`),
	);
	console.log([...new Set(ranges)].join(','));
	process.exit(0);
}

const columns = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'Ignored'];
const count = (mutants) => {
	const tally = Object.fromEntries([...columns, 'other'].map((column) => [column, 0]));
	for (const mutant of mutants) tally[columns.includes(mutant.status) ? mutant.status : 'other'] += 1;
	return tally;
};
const score = (tally) => {
	const detected = tally.Killed + tally.Timeout;
	const valid = detected + tally.Survived + tally.NoCoverage;
	return valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)} %`;
};
const row = (name, tally) => `| ${name} | ${columns.map((column) => tally[column]).join(' | ')} | ${score(tally)} |`;

console.log(`| File | ${columns.join(' | ')} | Score |`);
console.log(`|---|${columns.map(() => '---|').join('')}---|`);
const total = Object.fromEntries([...columns, 'other'].map((column) => [column, 0]));
for (const name of Object.keys(files).sort()) {
	const tally = count(files[name].mutants);
	for (const key of Object.keys(total)) total[key] += tally[key];
	console.log(row(`\`${name}\``, tally));
}
console.log(row('**all**', total));
if (total.other > 0) console.log(`\n${total.other} mutants with another status (runtime error, pending).`);

if (showSurvivors) {
	console.log('\n| File:line | Mutator | Original | Replacement | Status |\n|---|---|---|---|---|');
	for (const name of Object.keys(files).sort()) {
		const lines = files[name].source.split('\n');
		for (const mutant of files[name].mutants) {
			if (!open(mutant)) continue;
			const { start, end } = mutant.location;
			const original =
				start.line === end.line
					? lines[start.line - 1].slice(start.column - 1, end.column - 1)
					: `${lines[start.line - 1].slice(start.column - 1)} …`;
			const cell = (text) => `\`${text.replace(/\s+/g, ' ').slice(0, 70).replace(/\|/g, '\\|')}\``;
			console.log(
				`| \`${name}:${start.line}\` | ${mutant.mutatorName} | ${cell(original)} | ${cell(mutant.replacement ?? '')} | ${mutant.status} |`,
			);
		}
	}
}
