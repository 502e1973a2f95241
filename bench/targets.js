'use strict';

/**
 * The create benchmark's cells (medians per variant × latency) and its targets, for both modes:
 * the benchmark (this node against the HTTP Request node's ways of bounding its width) and the
 * defaults (this node unset and at Concurrency 2–10 against the HTTP Request node's default).
 */

const { LATENCIES, VARIANTS, TARBALL_LIMIT, itemsOf, runsAt } = require('./config');
const { median, round } = require('./report');

/** One cell per latency × variant from the measured runs. */
function aggregate(runs) {
	const cells = [];
	for (const latency of LATENCIES) {
		for (const variant of VARIANTS.filter((v) => runsAt(v, latency))) {
			const own = runs.filter((r) => r.variant === variant.key && r.latencyMs === latency).sort((a, b) => a.rep - b.rep);
			const ips = own.map((r) => r.itemsPerSecond);
			cells.push({
				variant: variant.key,
				label: variant.label,
				kind: variant.kind,
				peer: variant.peer ?? null,
				latencyMs: latency,
				items: itemsOf(variant),
				runs: own.length,
				itemsPerSecond: round(median(ips), 1),
				minItemsPerSecond: round(Math.min(...ips), 1),
				maxItemsPerSecond: round(Math.max(...ips), 1),
				medianWallMs: median(own.map((r) => r.wallMs)),
				medianNodeMs: median(own.map((r) => r.nodeMs)),
				tokenRequests: own.map((r) => r.tokenRequests),
				peakInFlight: Math.max(...own.map((r) => r.peakInFlight)),
				peakRssMb: round(Math.max(...own.map((r) => r.peakRssMb ?? 0)), 0) || null,
				// CPU ms per item = CPU seconds per 1,000 items.
				n8nMainCpuMsPerItem: round(median(own.map((r) => r.n8nMainCpuMsPerItem)), 2),
				minCpuMsPerItem: round(Math.min(...own.map((r) => r.n8nMainCpuMsPerItem)), 2),
				maxCpuMsPerItem: round(Math.max(...own.map((r) => r.n8nMainCpuMsPerItem)), 2),
				reruns: own.reduce((sum, r) => sum + r.attempts - 1, 0),
				disturbedRuns: own.filter((r) => r.disturbed).length,
				ratioToPeer: null,
				cpuRatioToPeer: null,
				// Per round, for ratios taken between runs made seconds apart (the machine drifts between rounds).
				byRep: own.map((r) => ({ rep: r.rep, itemsPerSecond: r.itemsPerSecond, cpuMsPerItem: r.n8nMainCpuMsPerItem })),
			});
		}
	}
	return cells;
}

/** Lookups into the cells, and the target list being filled. */
function checker(cells) {
	const cell = (key, latency) => cells.find((c) => c.variant === key && c.latencyMs === latency);
	const ips = (key, latency) => cell(key, latency)?.itemsPerSecond ?? NaN;
	const targets = [];
	const target = (name, pass, detail) => targets.push({ name, pass: Boolean(pass), detail });
	return { cell, ips, targets, target };
}

/** Shared by both modes: one token per Segura cell's first run, none later; the tarball's size. */
function commonTargets(cells, tarballBytes, target) {
	for (const c of cells.filter((x) => x.kind === 'ours')) {
		const [first, ...later] = c.tokenRequests;
		target(
			`tokens: ${c.label} at ${c.latencyMs} ms: 1 on the first run, 0 with a stored token`,
			first === 1 && later.every((n) => n === 0),
			`token requests per run: ${c.tokenRequests.join(', ')}`,
		);
	}
	target('packed tarball < 100 KB', tarballBytes < TARBALL_LIMIT, `${(tarballBytes / 1024).toFixed(1)} KB (${tarballBytes} bytes)`);
}

/** The benchmark's targets and notes; sets each Segura cell's ratio to its HTTP Request peer. */
function benchTargets(cells, tarballBytes) {
	const { cell, ips, targets, target } = checker(cells);
	// "vs peer": each Segura cell against the HTTP Request node at the same width (1 or 10).
	for (const latency of LATENCIES) {
		for (const [ours, peer] of [['seg-c1', 'http-seq'], ['seg-c10', 'http-w10']]) {
			if (cell(ours, latency) && cell(peer, latency)) cell(ours, latency).ratioToPeer = cell(ours, latency).itemsPerSecond / cell(peer, latency).itemsPerSecond;
		}
	}
	// The HTTP Request peers are taken in both readings, and the faster one counts: "sequential" is
	// Loop Over Items 1 or the literal Batching 1 / interval 0; "width 10" is Loop Over Items 10 or
	// the literal Batching 10 / interval 0 (which is not bounded at all; see VARIANTS).
	const strongest = (keys, latency) => {
		const present = keys.filter((key) => cell(key, latency));
		if (!present.length) return null;
		const key = present.reduce((a, b) => (ips(b, latency) > ips(a, latency) ? b : a));
		return { key, ips: ips(key, latency), label: cell(key, latency).label };
	};
	const seqPeer = strongest(['http-seq', 'http-b1'], 0);
	if (cell('seg-c1', 0) && seqPeer) {
		target(
			'0 ms: Segura c=1 ≥ 0.9 × HTTP Request sequential',
			ips('seg-c1', 0) >= 0.9 * seqPeer.ips,
			`${ips('seg-c1', 0)} vs 0.9 × ${seqPeer.ips} (${seqPeer.label}) = ${(0.9 * seqPeer.ips).toFixed(1)} items/s (ratio ${(ips('seg-c1', 0) / seqPeer.ips).toFixed(2)})`,
		);
	}
	if (cell('seg-c10', 20) && cell('seg-c1', 20)) {
		target(
			'20 ms: Segura c=10 ≥ 8 × Segura c=1',
			ips('seg-c10', 20) >= 8 * ips('seg-c1', 20),
			`${ips('seg-c10', 20)} vs 8 × ${ips('seg-c1', 20)} = ${(8 * ips('seg-c1', 20)).toFixed(1)} items/s (×${(ips('seg-c10', 20) / ips('seg-c1', 20)).toFixed(2)})`,
		);
	}
	const widthPeer = strongest(['http-w10', 'http-b10'], 20);
	if (cell('seg-c10', 20) && widthPeer) {
		target(
			'20 ms: Segura c=10 ≥ HTTP Request batching at width 10',
			ips('seg-c10', 20) >= widthPeer.ips,
			`${ips('seg-c10', 20)} vs ${widthPeer.ips} items/s (${widthPeer.label}; ratio ${(ips('seg-c10', 20) / widthPeer.ips).toFixed(2)})`,
		);
	}
	commonTargets(cells, tarballBytes, target);

	// Not targets: how the literal Batching settings compare (they send everything at once).
	const notes = [];
	for (const latency of LATENCIES) {
		for (const [ours, literal] of [['seg-c1', 'http-b1'], ['seg-c10', 'http-b10'], ['seg-c10', 'http-par']]) {
			if (cell(ours, latency) && cell(literal, latency)) {
				notes.push(
					`${latency} ms: ${cell(ours, latency).label} / ${cell(literal, latency).label} = ${(ips(ours, latency) / ips(literal, latency)).toFixed(2)} ` +
						`(peak in flight ${cell(ours, latency).peakInFlight} vs ${cell(literal, latency).peakInFlight})`,
				);
			}
		}
	}
	return { targets, notes };
}

/**
 * The defaults mode: every Segura cell against the HTTP Request node's default at the same latency
 * (ratioToPeer); the target is the node as dropped on the canvas keeping pace at every latency.
 * Notes: the lowest explicit Concurrency that keeps pace at every latency, as a candidate default.
 */
function defaultsTargets(cells, tarballBytes) {
	const { cell, targets, target } = checker(cells);
	// Each Segura cell against the HTTP Request default of the same size at the same latency.
	const peerOf = (c) => cell(VARIANTS.find((v) => v.key === c.variant)?.peerKey ?? 'http-par', c.latencyMs);
	for (const c of cells.filter((x) => x.kind === 'ours' && peerOf(x))) {
		c.ratioToPeer = c.itemsPerSecond / peerOf(c).itemsPerSecond;
		c.cpuRatioToPeer = c.n8nMainCpuMsPerItem / peerOf(c).n8nMainCpuMsPerItem;
	}
	for (const ours of cells.filter((c) => c.variant.startsWith('seg-default') && c.ratioToPeer !== null)) {
		const peer = peerOf(ours);
		const where = `${ours.latencyMs} ms, ${ours.items} items`;
		const cpuPaired = pairedRatios(ours, peer, 'cpuMsPerItem');
		const speedPaired = pairedRatios(ours, peer, 'itemsPerSecond');
		// Both readings must pass: the ratio of the medians and the median of the per-round ratios.
		target(
			`${where}: CPU per 1,000 creates, Segura default ≤ ${CPU_BAR} × HTTP Request default`,
			ours.cpuRatioToPeer <= CPU_BAR && cpuPaired.median <= CPU_BAR,
			`${ours.n8nMainCpuMsPerItem} vs ${peer.n8nMainCpuMsPerItem} CPU s per 1,000 (ratio ${ours.cpuRatioToPeer.toFixed(2)}; per round ${cpuPaired.text}; Segura ${ours.minCpuMsPerItem}–${ours.maxCpuMsPerItem}, HTTP ${peer.minCpuMsPerItem}–${peer.maxCpuMsPerItem})`,
		);
		target(
			`${where}: items/s median, Segura default ≥ ${SPEED_BAR} × HTTP Request default`,
			ours.ratioToPeer >= SPEED_BAR && speedPaired.median >= SPEED_BAR,
			`${ours.itemsPerSecond} vs ${peer.itemsPerSecond} items/s (ratio ${ours.ratioToPeer.toFixed(2)}; per round ${speedPaired.text}; Segura ${ours.minItemsPerSecond}–${ours.maxItemsPerSecond}, HTTP ${peer.minItemsPerSecond}–${peer.maxItemsPerSecond}; in flight ${ours.peakInFlight} vs ${peer.peakInFlight})`,
		);
	}
	commonTargets(cells, tarballBytes, target);

	// With BENCH_SWEEP=1: every explicit Concurrency's ratios, as candidates for the default.
	const notes = [];
	for (const variant of VARIANTS.filter((v) => v.kind === 'ours' && v.concurrency !== undefined)) {
		const ratios = LATENCIES.map((latency) => cell(variant.key, latency)?.ratioToPeer ?? NaN);
		notes.push(`${variant.label}: ${LATENCIES.map((l, i) => `${l} ms ${ratios[i].toFixed(2)}×`).join(', ')} of HTTP Request default`);
	}
	return { targets, notes };
}

/**
 * Ours ÷ peer in each round both ran (interleaved, seconds apart): the median, and the spread as text.
 * Taken per round, a machine that speeds up or slows down between rounds moves both sides alike.
 */
function pairedRatios(ours, peer, key) {
	const ratios = ours.byRep
		.map((run) => [run, peer.byRep.find((p) => p.rep === run.rep)])
		.filter(([, other]) => other && other[key] > 0)
		.map(([run, other]) => run[key] / other[key]);
	if (ratios.length === 0) return { median: NaN, text: 'none' };
	return {
		median: median(ratios),
		text: `median ${median(ratios).toFixed(2)}, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
	};
}

/** The targets of the defaults: CPU per item at most this share of the HTTP Request node's, items/s at least this ratio. */
const CPU_BAR = 0.8;
const SPEED_BAR = 1.2;

module.exports = { aggregate, benchTargets, defaultsTargets };
