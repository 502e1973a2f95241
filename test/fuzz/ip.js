'use strict';

/**
 * Node's own IP address parser, for the fuzz oracle: an implementation independent of the node's
 * (zod's). A .js file because the n8n linter forbids Node built-ins other than crypto in TypeScript.
 */
const net = require('node:net');

/** @param {string} text */
const isIpv4 = (text) => net.isIPv4(text);
/** @param {string} text */
const isIpv6 = (text) => net.isIPv6(text);

module.exports = { isIpv4, isIpv6 };
