#!/usr/bin/env node
'use strict';

/**
 * `npm run bench:getmany-node`: the Get Many node's own work on appliance-size lists, without the
 * transfer. The sandbox's list answer (N synthetic sessions) is fetched and parsed once, untimed, the
 * way n8n hands a parsed answer to the node; then the built node's execute() runs K audit items
 * (one user each, Limit 50, newest first) against it, in this process. Printed per N × K: node time
 * (median of 3), list requests the node made, and the process's RSS growth over the run.
 *
 * Needs `npm run build`. Knobs: GETMANY_SIZES (10000,100000,300000), GETMANY_ITEMS (1,5).
 */

const path = require('node:path');

const { constructExecutionMetaData, returnJsonArray } = require('n8n-core');

const { SYNTHETIC_USERS } = require('../sandbox/synthetic');
const { listAnswer } = require('./list-answer');
const { median, textTable } = require('./report');

const { SeguraRemoteSession } = require(path.join(__dirname, '..', 'dist', 'nodes', 'Segura', 'SeguraRemoteSession.node.js'));

const list = (value, fallback) => (value || fallback).split(',').map(Number);
const SIZES = list(process.env.GETMANY_SIZES, '10000,100000,300000');
const ITEM_COUNTS = list(process.env.GETMANY_ITEMS, '1,5');
const RUNS = 3;

/** The slice of n8n's execute context that Get Many uses; every request gets the same parsed body. */
function context(body, users) {
	const requests = [];
	const node = { id: 'bench', name: 'Get Many', type: 'n8n-nodes-segura.seguraRemoteSession', typeVersion: 1, position: [0, 0], parameters: {} };
	const parameters = (index) => ({ operation: 'getMany', returnAll: false, limit: 50, filters: { user: users[index], status: 'any' }, options: {} });
	const read = (object, name) => name.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);
	return {
		requests,
		getInputData: () => users.map((user) => ({ json: { user } })),
		getNode: () => node,
		getTimezone: () => 'UTC',
		continueOnFail: () => false,
		getCredentials: async () => ({ baseUrl: 'https://segura.example.com', apiPaths: 'a2a', clientId: 'id', clientSecret: 'secret' }),
		getNodeParameter: (name, index, fallback) => read(parameters(index), name) ?? fallback,
		helpers: {
			constructExecutionMetaData,
			returnJsonArray,
			httpRequestWithAuthentication: async (type, request) => {
				requests.push(request.url);
				return { statusCode: 200, headers: {}, body };
			},
		},
	};
}

async function main() {
	const rows = [];
	for (const size of SIZES) {
		const body = await listAnswer(size);
		for (const k of ITEM_COUNTS) {
			const times = [];
			let requests = 0;
			let rssGrowthMb = 0;
			let out = 0;
			for (let run = 0; run < RUNS; run++) {
				global.gc?.();
				const rssBefore = process.memoryUsage().rss;
				const ctx = context(body, SYNTHETIC_USERS.slice(0, k));
				const started = process.hrtime.bigint();
				const [items] = await new SeguraRemoteSession().execute.call(ctx);
				times.push(Number(process.hrtime.bigint() - started) / 1e6);
				rssGrowthMb = Math.max(rssGrowthMb, (process.memoryUsage().rss - rssBefore) / 2 ** 20);
				requests = ctx.requests.length;
				out = items.length;
			}
			rows.push([size, k, requests, Math.round(median(times)), `${Math.round(Math.min(...times))}–${Math.round(Math.max(...times))}`, Math.round(rssGrowthMb), out]);
		}
	}
	const columns = ['sessions', 'items', 'list req/run', 'node ms', 'min–max', 'RSS growth MB', 'out'].map((title) => ({ title, width: Math.max(title.length, 8) }));
	process.stdout.write(`${textTable(columns, rows)}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(2);
});
