'use strict';
/**
 * Environment for n8n-core inside jest. A .js file because the n8n linter forbids `process`
 * in .ts files. Must run before n8n-core first builds its config (lazily, at the first
 * execution), so engine.ts imports it first.
 *
 * n8n-core's ErrorReporter logs every node error (with stack) through its logger; tests assert
 * on the returned errors instead, so logging is off unless N8N_LOG_LEVEL is set explicitly.
 */
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
// No telemetry or version checks from a test process.
process.env.N8N_DIAGNOSTICS_ENABLED = process.env.N8N_DIAGNOSTICS_ENABLED || 'false';
