#!/bin/sh
":" //# ; s=; for a do if [ -n "$s" ]; then s=; continue; fi; case "$a" in --) break;; --dir|--profile|--env|-e|--logs) s=1;; -*) ;; *) exec node "$0" "$@";; esac; done; case "$1" in --version|-V|--help|-h) exec node "$0" "$@";; esac; [ -n "${MALLOC_ARENA_MAX+x}${MALLOC_TRIM_THRESHOLD_+x}${MALLOC_MMAP_THRESHOLD_+x}${GLIBC_TUNABLES+x}" ] || { MALLOC_ARENA_MAX=2; MALLOC_TRIM_THRESHOLD_=131072; MALLOC_MMAP_THRESHOLD_=131072; OPSDECK_MALLOC_SET=1; export MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_ OPSDECK_MALLOC_SET; }; exec node --max-semi-space-size=4 --heap-growing-percent=25 "$0" "$@"
// Run as a program, sh reads the line above and starts node, for the console with V8 heap flags
// (portable where `env -S` is not, e.g. BusyBox); node reads it as a string and a comment. The
// flags keep a console that follows a log flood near 100 MB instead of letting the heap climb
// past 150 MB before collecting (npm run bench -- logs-tty). A headless command (a word after the
// global options and their values, as src/cli/command-table.ts commandAfterGlobals reads argv;
// or --version/--help first) runs without them: it ends long before its heap matters, and a
// small young generation only adds collections to its start. `node bin/opsdeck.js` runs
// without them.
// The console also gets glibc malloc settings unless the operator set any of their own
// (MALLOC_*, GLIBC_TUNABLES). MALLOC_ARENA_MAX=2: per-thread arenas (libuv's file reads under a
// log tail) held ~10 MB more and crept ~1 MB an hour in a 2-hour soak, flat with two. Trim and
// mmap thresholds fixed at 128 KB: glibc otherwise raises both each time a big block is freed,
// and the main heap then kept freed memory (brk heap 7.5 -> 8.8 MB over 80 minutes, flat at 5.0
// with them; npm run bench -- soak, SOAK_ENV). Only this process: what it starts (services,
// steps, runners) gets the environment the operator had.
const MALLOC_SETTINGS = ['MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_MMAP_THRESHOLD_', 'OPSDECK_MALLOC_SET'];
if (process.env.OPSDECK_MALLOC_SET) for (const name of MALLOC_SETTINGS) delete process.env[name];
// React's development build costs most of a core under a log flood: always production.
process.env.NODE_ENV ??= 'production';
// Node 22.1+ keeps the compiled bundle between starts (~15-20 ms of each start; Node checks the
// source hash and its own version, so a stale entry is recompiled, never run). Node 20 has no
// such cache and skips this. NODE_COMPILE_CACHE / NODE_DISABLE_COMPILE_CACHE work as in Node.
const { default: nodeModule } = await import('node:module');
if (typeof nodeModule.enableCompileCache === 'function') {
  const env = process.env;
  const cacheHome = env.XDG_CACHE_HOME || (env.HOME ? `${env.HOME}/.cache` : undefined);
  nodeModule.enableCompileCache(env.NODE_COMPILE_CACHE || (cacheHome ? `${cacheHome}/opsdeck/node-compile-cache` : undefined));
}
await import('../dist/cli/main.js');
