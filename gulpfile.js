// Asset step of the build: tsc emits the JavaScript, this copies what tsc does not
// (node and credential icons, the codex .node.json files) into dist/ beside it.
const { src, dest, task } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:assets', copyAssets);
