#!/usr/bin/env node
// React's development build costs most of a core under a log flood: always production.
process.env.NODE_ENV ??= 'production';
await import('../dist/cli/main.js');
