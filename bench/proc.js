'use strict';

/**
 * What the benchmarks read from /proc (Linux only) about the n8n process tree (n8n and its task
 * runner): peak memory, CPU time, and how busy other processes kept the machine meanwhile.
 */

const fs = require('node:fs');

const { round } = require('./report');

// --- the n8n process tree: peak memory ------------------------------------------------------------

function processTree(rootPid) {
	const children = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid …; comm may hold spaces and parentheses: cut after the last ')'.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(entry));
		} catch {
			// Gone meanwhile.
		}
	}
	const tree = [];
	const queue = [rootPid];
	while (queue.length) {
		const pid = queue.shift();
		tree.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return tree;
}

function statusKb(pid, field) {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : null;
	} catch {
		return null;
	}
}

/** Resets the RSS high-water mark (VmHWM) of every process in the tree (Linux: clear_refs 5). */
function resetPeaks(rootPid) {
	let ok = true;
	for (const pid of processTree(rootPid)) {
		try {
			fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		} catch {
			ok = false;
		}
	}
	return ok;
}

/** VmHWM per process of the tree, in MB, and their sum (an upper bound of the tree's peak). */
function readPeaks(rootPid) {
	const perProcess = processTree(rootPid)
		.map((pid) => ({ pid, hwmMb: (statusKb(pid, 'VmHWM') ?? 0) / 1024 }))
		.filter((p) => p.hwmMb > 0);
	return { perProcess, treeMb: perProcess.reduce((sum, p) => sum + p.hwmMb, 0), mainMb: perProcess[0]?.hwmMb ?? null };
}

// --- CPU accounting: what n8n spent, and whether something else shared the machine ---------------

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processTicks(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]); // utime + stime
	} catch {
		return 0;
	}
}

function cpuSnapshot(rootPid) {
	const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] || 0);
	const tree = processTree(rootPid);
	const own = process.cpuUsage();
	return {
		at: performance.now(),
		busyMs: busy * TICK_MS,
		treeMs: tree.reduce((sum, pid) => sum + processTicks(pid), 0) * TICK_MS,
		mainMs: processTicks(rootPid) * TICK_MS,
		ownMs: (own.user + own.system) / 1000,
	};
}

/** n8n's CPU time and the average number of cores other processes kept busy meanwhile. */
function cpuDelta(before, after) {
	const elapsed = after.at - before.at;
	const foreign = after.busyMs - before.busyMs - (after.treeMs - before.treeMs) - (after.ownMs - before.ownMs);
	return {
		n8nMainCpuMs: after.mainMs - before.mainMs,
		n8nTreeCpuMs: after.treeMs - before.treeMs,
		benchCpuMs: round(after.ownMs - before.ownMs, 0),
		foreignCores: round(Math.max(0, foreign) / elapsed, 2),
	};
}

/** Current RSS of the whole tree, in MB. */
function treeRssMb(rootPid) {
	return processTree(rootPid).reduce((sum, pid) => sum + (statusKb(pid, 'VmRSS') ?? 0), 0) / 1024;
}

module.exports = { processTree, statusKb, resetPeaks, readPeaks, treeRssMb, cpuSnapshot, cpuDelta };
