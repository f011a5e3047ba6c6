#!/bin/sh
":" //# ; exec node --max-semi-space-size=4 --heap-growing-percent=25 "$0" "$@"
// Run as a program, sh reads the line above and starts node with V8 heap flags (portable where
// `env -S` is not, e.g. BusyBox); node reads it as a string and a comment. The flags keep a
// console that follows a log flood near 100 MB instead of letting the heap climb past 150 MB
// before collecting (npm run bench -- logs-tty). `node bin/opsdeck.js` runs without them.
// React's development build costs most of a core under a log flood: always production.
process.env.NODE_ENV ??= 'production';
await import('../dist/cli/main.js');
