#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=25
// React's development build costs most of a core under a log flood: always production.
// The V8 flags keep a console that follows a log flood near 100 MB instead of letting the heap
// climb past 150 MB before collecting (measured at 2,000 lines/s: npm run bench -- logs-tty).
// They need the VM's start, so they sit on the shebang; `node bin/opsdeck.js` runs without.
process.env.NODE_ENV ??= 'production';
await import('../dist/cli/main.js');
