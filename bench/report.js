'use strict';

/** The benchmarks' statistics and output: medians, the text table, the SVG chart. */

// --- statistics -----------------------------------------------------------------------------------

function median(values) {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (!sorted.length) return null;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (value, digits = 1) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

// --- table and chart ----------------------------------------------------------------------------

function pad(value, width, right = true) {
	const text = value === null || value === undefined ? '–' : String(value);
	return right ? text.padStart(width) : text.padEnd(width);
}

/** One decimal below 100, none above: short enough for the min–max column. */
const short = (value) => (value === null || value === undefined ? '–' : value.toFixed(value < 100 ? 1 : 0));

/** A fixed-width text table: columns `{ title, width, left? }`, rows of values (null → "–"). */
function textTable(columns, rows) {
	const line = (values) => values.map((value, i) => pad(value, columns[i].width, !columns[i].left)).join('  ');
	return [line(columns.map((c) => c.title)), columns.map((c) => '-'.repeat(c.width)).join('  '), ...rows.map(line)].join('\n');
}

const CELL_COLUMNS = [
	{ title: 'variant', width: 48, left: true },
	...[['lat', 5], ['items/s', 8], ['min–max', 11], ['ms/run', 7], ['node ms', 7], ['CPU s/1k', 8], ['min–max', 11], ['vs peer', 13], ['tokens/run', 10], ['in flight', 9], ['RSS MB', 6]].map(
		([title, width]) => ({ title, width }),
	),
];

/** The create benchmark's cells, one a row. */
function formatTable(cells) {
	return textTable(
		CELL_COLUMNS,
		cells.map((cell) => [
			cell.label,
			`${cell.latencyMs}ms`,
			cell.itemsPerSecond?.toFixed(1),
			`${short(cell.minItemsPerSecond)}–${short(cell.maxItemsPerSecond)}`,
			cell.medianWallMs?.toFixed(0),
			cell.medianNodeMs?.toFixed(0),
			cell.n8nMainCpuMsPerItem?.toFixed(2),
			cell.minCpuMsPerItem === undefined ? '' : `${cell.minCpuMsPerItem.toFixed(2)}–${cell.maxCpuMsPerItem.toFixed(2)}`,
			cell.ratioToPeer === null ? '' : `${cell.ratioToPeer.toFixed(2)}×${cell.cpuRatioToPeer ? ` (${cell.cpuRatioToPeer.toFixed(2)}×)` : ''}`,
			cell.tokenRequests.join(','),
			cell.peakInFlight,
			cell.peakRssMb?.toFixed(0),
		]),
	);
}

/** A hand-written horizontal bar chart: one panel per latency, each on its own linear scale. */
function chartSvg(cells, meta, { variants: rows, latencies: LATENCIES }) {
	const panelW = 470;
	const labelW = 170;
	const barMax = panelW - labelW - 70;
	const rowH = 26;
	const top = 74;
	const height = top + rows.length * rowH + 62;
	const width = panelW * LATENCIES.length + 20;
	const color = (variant) =>
		variant.kind === 'ours' ? '#2f81f7' : variant.peer === 'sequential' || variant.peer === 'width10' ? '#d4812f' : '#8c959f';
	const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const parts = [];
	parts.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif" font-size="12">`,
		// One mid-grey for all text: legible on GitHub's white and dark backgrounds alike, whatever the
		// viewer's colour-scheme preference (the chart is shown as an <img>, with a transparent background).
		'<style>.t{fill:#7d8590}.h{fill:#7d8590;font-weight:600}.g{stroke:#7d8590;stroke-opacity:.35}</style>',
		`<text class="h" x="10" y="22" font-size="15">${esc(`Items per second, ${meta.items} Segura creates per run (median; higher is better)`)}</text>`,
		`<text class="t" x="10" y="40">${esc(`n8n ${meta.n8nVersion}, Node ${meta.node24}, ${meta.cores} cores; Segura sandbox latency added to every request`)}</text>`,
	);
	// One scale for both panels, so that bars compare across latencies too.
	const valueOf = (variant, latency) => cells.find((c) => c.variant === variant.key && c.latencyMs === latency)?.itemsPerSecond ?? 0;
	const max = Math.max(1, ...LATENCIES.flatMap((latency) => rows.map((v) => valueOf(v, latency))));
	const step = niceStep(max);
	const scale = barMax / (Math.ceil(max / step) * step);
	LATENCIES.forEach((latency, p) => {
		const x0 = 10 + p * panelW;
		const values = rows.map((v) => valueOf(v, latency));
		parts.push(`<text class="h" x="${x0}" y="${top - 12}" font-size="13">${latency} ms latency</text>`);
		for (let tick = 0; tick <= Math.ceil(max / step) * step + 1e-9; tick += step) {
			const x = x0 + labelW + tick * scale;
			parts.push(`<line class="g" x1="${x.toFixed(1)}" y1="${top - 4}" x2="${x.toFixed(1)}" y2="${top + rows.length * rowH}"/>`);
			parts.push(`<text class="t" x="${x.toFixed(1)}" y="${top + rows.length * rowH + 14}" text-anchor="middle" font-size="10">${tick}</text>`);
		}
		rows.forEach((variant, r) => {
			const y = top + r * rowH;
			const w = Math.max(1, values[r] * scale);
			parts.push(`<text class="t" x="${x0 + labelW - 6}" y="${y + 16}" text-anchor="end">${esc(variant.short)}</text>`);
			parts.push(`<rect x="${x0 + labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="2" fill="${color(variant)}"/>`);
			parts.push(`<text class="t" x="${(x0 + labelW + w + 5).toFixed(1)}" y="${y + 16}">${values[r] ? values[r].toFixed(values[r] < 100 ? 1 : 0) : 'n/a'}</text>`);
		});
	});
	const legendY = height - 20;
	const legend = [
		['#2f81f7', 'this node (Segura)'],
		['#d4812f', 'HTTP Request, width bounded by Loop Over Items'],
		['#8c959f', 'HTTP Request, batching off / interval 0 (all items at once)'],
	];
	let lx = 10;
	for (const [fill, text] of legend) {
		parts.push(`<rect x="${lx}" y="${legendY - 10}" width="12" height="12" rx="2" fill="${fill}"/>`);
		parts.push(`<text class="t" x="${lx + 17}" y="${legendY}">${esc(text)}</text>`);
		lx += 30 + text.length * 6.2;
	}
	parts.push('</svg>');
	return `${parts.join('\n')}\n`;
}

function niceStep(max) {
	const rough = max / 5;
	const power = 10 ** Math.floor(Math.log10(rough));
	const n = rough / power;
	return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * power;
}

module.exports = { median, round, textTable, formatTable, chartSvg };
