'use strict';

/**
 * The create benchmark's cells (medians per variant × latency) and its targets, for both modes:
 * the benchmark (this node against the HTTP Request node's ways of bounding its width) and the
 * defaults (this node unset and at Concurrency 2–10 against the HTTP Request node's default).
 */

const { LATENCIES, VARIANTS, TARBALL_LIMIT } = require('./config');
const { median, round } = require('./report');

/** One cell per latency × variant from the measured runs. */
function aggregate(runs) {
	const cells = [];
	for (const latency of LATENCIES) {
		for (const variant of VARIANTS) {
			const own = runs.filter((r) => r.variant === variant.key && r.latencyMs === latency).sort((a, b) => a.rep - b.rep);
			const ips = own.map((r) => r.itemsPerSecond);
			cells.push({
				variant: variant.key,
				label: variant.label,
				kind: variant.kind,
				peer: variant.peer ?? null,
				latencyMs: latency,
				runs: own.length,
				itemsPerSecond: round(median(ips), 1),
				minItemsPerSecond: round(Math.min(...ips), 1),
				maxItemsPerSecond: round(Math.max(...ips), 1),
				medianWallMs: median(own.map((r) => r.wallMs)),
				medianNodeMs: median(own.map((r) => r.nodeMs)),
				tokenRequests: own.map((r) => r.tokenRequests),
				peakInFlight: Math.max(...own.map((r) => r.peakInFlight)),
				peakRssMb: round(Math.max(...own.map((r) => r.peakRssMb ?? 0)), 0) || null,
				n8nMainCpuMsPerItem: round(median(own.map((r) => r.n8nMainCpuMsPerItem)), 2),
				reruns: own.reduce((sum, r) => sum + r.attempts - 1, 0),
				disturbedRuns: own.filter((r) => r.disturbed).length,
				ratioToPeer: null,
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

/** Ours / HTTP Request default at or above this keeps pace (the project's bar for the default). */
const KEEP_PACE = 0.9;

/**
 * The defaults mode: every Segura cell against the HTTP Request node's default at the same latency
 * (ratioToPeer); the target is the node as dropped on the canvas keeping pace at every latency.
 * Notes: the lowest explicit Concurrency that keeps pace at every latency, as a candidate default.
 */
function defaultsTargets(cells, tarballBytes) {
	const { cell, ips, targets, target } = checker(cells);
	const peer = 'http-par';
	for (const c of cells) if (c.kind === 'ours' && cell(peer, c.latencyMs)) c.ratioToPeer = c.itemsPerSecond / ips(peer, c.latencyMs);
	for (const latency of LATENCIES) {
		const ours = cell('seg-default', latency);
		if (!ours || !cell(peer, latency)) continue;
		target(
			`${latency} ms: Segura default ≥ ${KEEP_PACE} × HTTP Request default`,
			ours.ratioToPeer >= KEEP_PACE,
			`${ours.itemsPerSecond} vs ${KEEP_PACE} × ${ips(peer, latency)} = ${(KEEP_PACE * ips(peer, latency)).toFixed(1)} items/s (ratio ${ours.ratioToPeer.toFixed(2)}; in flight ${ours.peakInFlight} vs ${cell(peer, latency).peakInFlight})`,
		);
	}
	commonTargets(cells, tarballBytes, target);

	const notes = [];
	const explicit = VARIANTS.filter((v) => v.kind === 'ours' && v.concurrency !== undefined).sort((a, b) => a.concurrency - b.concurrency);
	for (const variant of explicit) {
		const ratios = LATENCIES.map((latency) => cell(variant.key, latency)?.ratioToPeer ?? NaN);
		const inFlight = LATENCIES.map((latency) => cell(variant.key, latency)?.peakInFlight);
		const keeps = ratios.every((r) => r >= KEEP_PACE);
		notes.push(
			`${variant.label}: ${LATENCIES.map((l, i) => `${l} ms ${ratios[i].toFixed(2)}×`).join(', ')} of HTTP Request default; ` +
				`peak in flight ${inFlight.join(' / ')}${keeps ? ` — keeps ≥ ${KEEP_PACE}× at every latency` : ''}`,
		);
	}
	const lowest = explicit.find((v) => LATENCIES.every((latency) => (cell(v.key, latency)?.ratioToPeer ?? 0) >= KEEP_PACE));
	notes.push(
		lowest
			? `lowest explicit Concurrency keeping ≥ ${KEEP_PACE}× of the HTTP Request default at ${LATENCIES.join(' and ')} ms: ${lowest.concurrency}`
			: `no explicit Concurrency measured keeps ≥ ${KEEP_PACE}× of the HTTP Request default at every latency`,
	);
	return { targets, notes };
}

module.exports = { aggregate, benchTargets, defaultsTargets };
