/** The browser test: the exported web build in headless Chromium against a backend. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/web-test'],
  testTimeout: 300_000,
};
