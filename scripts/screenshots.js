#!/usr/bin/env node
'use strict';

/**
 * Screenshots of the node's panel for each operation (docs/operations.md), of Create's Device and
 * Device Credential pickers opened, of the nodes panel and of the credential form (docs/trigger.md),
 * taken with headless Chromium
 * (Debian's `chromium` package) against the n8n that `npm start` serves.
 *
 *   npm start                      # in one terminal (or let this script start it: --start)
 *   node scripts/screenshots.js    # writes docs/screenshots/<operation>.png
 *
 * Environment: N8N_URL (http://localhost:5678), SEGURA_N8N_OWNER_EMAIL / SEGURA_N8N_OWNER_PASSWORD
 * (the login npm start prints), CHROMIUM (/usr/bin/chromium).
 */

const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const { chromium } = require('playwright-core');

const N8N_URL = (process.env.N8N_URL || 'http://localhost:5678').replace(/\/+$/, '');
const LOGIN = {
	email: process.env.SEGURA_N8N_OWNER_EMAIL || 'owner@example.com',
	password: process.env.SEGURA_N8N_OWNER_PASSWORD || 'SeguraSandbox1!',
};
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT_DIR = path.join(__dirname, '..', 'docs', 'screenshots');
const WORKFLOW_ID = 'segura-panels';

/** One Segura node per operation, set up as a builder would have it, on one canvas. */
const PANELS = [
	{
		file: 'create',
		name: 'Create session link',
		parameters: {
			operation: 'create',
			user: 'alice',
			device: { __rl: true, mode: 'list', value: '10.66.33.17', cachedResultName: 'linux-srv-01 (10.66.33.17) · LAX' },
			protocol: 'SSH',
			credential: { __rl: true, mode: 'list', value: '', cachedResultName: 'Automatic: Segura Picks a Free Credential of the Device' },
			additionalFields: { remoteAddr: '192.168.1.3', screensize: '1920x1080' },
			options: { includeSessionToken: false },
		},
		execute: true,
	},
	{
		file: 'get',
		name: 'Get session',
		parameters: { operation: 'get', remoteSessionId: '30', options: { timezone: 'UTC' } },
		execute: true,
	},
	{
		file: 'getMany',
		name: 'Sessions ended today',
		parameters: {
			operation: 'getMany',
			returnAll: true,
			filters: { status: 'ended', startedAfter: '={{ $now.minus({ hours: 24 }).toISO() }}' },
		},
		execute: true,
	},
	{
		file: 'terminate',
		name: 'End session',
		parameters: {
			operation: 'terminate',
			terminateBy: 'remoteSessionId',
			remoteSessionId: '={{ $json.id }}',
			options: { ignoreIfAlreadyEnded: true },
		},
	},
];

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	process.stdout.write(`${CHROMIUM} is missing: installing Debian's chromium package…\n`);
	const result = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
	if (result.status !== 0 || !fs.existsSync(CHROMIUM)) {
		throw new Error('Chromium is not installed: run `apt-get install chromium` (Debian) and try again');
	}
}

async function reachable() {
	try {
		return (await fetch(`${N8N_URL}/healthz`)).ok;
	} catch {
		return false;
	}
}

/** Starts `npm start` when asked to and n8n is not up yet; returns the child to stop at the end. */
async function maybeStartN8n() {
	if (await reachable()) return undefined;
	if (!process.argv.includes('--start')) {
		throw new Error(`No n8n at ${N8N_URL}: run \`npm start\` first, or pass --start`);
	}
	const child = spawn(process.execPath, [path.join(__dirname, 'start.js')], { stdio: 'ignore', detached: true });
	for (let waited = 0; waited < 20 * 60_000; waited += 2000) {
		if (await reachable()) return child;
		await new Promise((resolve) => setTimeout(resolve, 2000));
	}
	throw new Error('n8n did not come up within 20 minutes');
}

function panelWorkflow(credential) {
	return {
		name: 'Segura Remote Session: one node per operation (screenshots)',
		nodes: PANELS.map((panel, index) => ({
			id: `panel-${panel.file}`,
			name: panel.name,
			type: 'n8n-nodes-segura.seguraRemoteSession',
			typeVersion: 1.1,
			position: [index * 260, 0],
			parameters: panel.parameters,
			credentials: { seguraOAuth2Api: credential },
		})),
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

async function shot(page, name) {
	await page.screenshot({ path: path.join(OUT_DIR, `${name}.png`) });
	process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, `${name}.png`))}\n`);
}

/** Create's Device list opened and searched ("db"), then Device Credential's list for that device. */
async function pickerShots(page, ndv) {
	// The list opens under the field, its search box focused; `entry` shows once Segura's list is in.
	const openList = async (parameter, entry) => {
		await ndv.locator(`[data-test-id="parameter-input-${parameter}"] [data-test-id="rlc-input"]`).first().click();
		await page.getByText(entry).first().waitFor({ timeout: 15_000 });
		await page.waitForTimeout(500);
	};
	await openList('device', 'win-jump-01 (10.66.33.20) · LAX');
	await shot(page, 'picker-device');
	await page.keyboard.type('db');
	await page.waitForTimeout(1000);
	await page.getByText('db-prod-01 (10.66.33.18) · AWS').first().click();
	await page.waitForTimeout(800);
	await openList('credential', 'dbadmin (Local User)');
	await shot(page, 'picker-credential');
	await page.keyboard.press('Escape');
}

/**
 * The nodes panel after a "Segura" search (one app), that app opened (its triggers and actions
 * together), and an empty Segura OAuth2 API credential form.
 */
async function appAndCredentialShots(page) {
	await page.goto(`${N8N_URL}/workflow/new`);
	await page.locator('[data-test-id="node-creator-plus-button"]').first().click({ timeout: 30_000 });
	await page.locator('[data-test-id="node-creator-search-bar"] input, input[placeholder*="Search"]').first().fill('Segura');
	await page.waitForTimeout(1500);
	await shot(page, 'nodes-panel-search');
	await page.getByText('Segura Remote Session').first().click();
	await page.waitForTimeout(1500);
	await shot(page, 'nodes-panel-app');
	await page.goto(`${N8N_URL}/home/credentials/create`);
	await page.waitForTimeout(2000);
	await page.keyboard.type('Segura');
	await page.getByText('Segura OAuth2 API').last().click();
	await page.getByRole('button', { name: /Continue/ }).first().click();
	await page.waitForTimeout(2000);
	await shot(page, 'credential-form');
}

async function main() {
	ensureChromium();
	const started = await maybeStartN8n();
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, deviceScaleFactor: 1 });
		await page.goto(`${N8N_URL}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', LOGIN.email);
		await page.fill('input[name="password"]', LOGIN.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });

		// The editor's own REST calls carry the browser id its session cookie is bound to.
		const api = (method, route, body) =>
			page.evaluate(
				async ({ method, route, body }) => {
					const response = await fetch(`/rest${route}`, {
						method,
						headers: { 'content-type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') || '' },
						body: body ? JSON.stringify(body) : undefined,
					});
					return { status: response.status, json: await response.json().catch(() => null) };
				},
				{ method, route, body },
			);
		// n8n 2.x deletes only archived workflows.
		const removeWorkflow = async (id) => {
			await api('POST', `/workflows/${id}/archive`);
			await api('DELETE', `/workflows/${id}`);
		};
		const credentials = await api('GET', '/credentials');
		const sandbox = (credentials.json?.data || []).find((entry) => entry.type === 'seguraOAuth2Api');
		if (!sandbox) throw new Error('No Segura credential found: start n8n with `npm start`');
		const existing = await api('GET', '/workflows');
		const old = (existing.json?.data || []).find((entry) => entry.name === panelWorkflow().name);
		if (old) await removeWorkflow(old.id);
		const created = await api('POST', '/workflows', panelWorkflow({ id: sandbox.id, name: sandbox.name }));
		if (created.status >= 300) throw new Error(`Could not create the screenshot workflow: HTTP ${created.status}`);
		const workflowId = created.json?.data?.id;

		fs.mkdirSync(OUT_DIR, { recursive: true });
		await page.goto(`${N8N_URL}/workflow/${workflowId}`);
		for (const panel of PANELS) {
			const node = page.locator('[data-test-id="canvas-node"]', { hasText: panel.name }).first();
			await node.waitFor({ timeout: 30_000 });
			await node.dblclick();
			const ndv = page.locator('[data-test-id="ndv"]').first();
			await ndv.waitFor({ timeout: 15_000 });
			if (panel.execute) {
				// Run the step against the sandbox so the panel shows real output.
				await ndv.locator('[data-test-id="node-execute-button"]').first().click();
				await ndv.locator('[data-test-id="ndv-output-panel"] [data-test-id="run-data-schema-item"], [data-test-id="ndv-output-panel"] table, [data-test-id="ndv-output-panel"] .json-data').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
			}
			await page.waitForTimeout(800);
			await shot(page, panel.file);
			if (panel.file === 'create') await pickerShots(page, ndv);
			await page.keyboard.press('Escape');
			await page.waitForTimeout(400);
		}
		await removeWorkflow(workflowId);
		await appAndCredentialShots(page);
	} finally {
		await browser.close();
		if (started) process.kill(-started.pid, 'SIGINT');
	}
}

main().catch((error) => {
	process.stderr.write(`screenshots: ${error.message}\n`);
	process.exit(1);
});
