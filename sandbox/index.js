'use strict';

// Entry point for `require('…/sandbox')`; index.d.ts declares these exports for TypeScript.
module.exports = require('./server');
