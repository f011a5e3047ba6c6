// Which way imports may point (ARCHITECTURE.md). Layers, lowest first:
//   domain < ports < adapters < state < services < ui < cli
// A layer imports only layers below it. Stores (state/) sit below services because services
// write to them (a store is data plus its actions, importing only domain and ports).
// Checked by test/architecture/layers.test.ts (part of `npm test`); `npx depcruise src` shows
// the same report.
const layer = (names) => `^src/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain is the pure core: no library and no node I/O. zod (the schemas are the model) and node:crypto (hashing) are the only exceptions.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'], pathNot: ['^(node:)?crypto$', '^node_modules/zod/'] },
    },
    {
      name: 'domain-imports-only-domain',
      comment: 'src/domain imports nothing from the layers above it: move the type or helper into the domain.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: layer(['ports', 'adapters', 'state', 'services', 'ui', 'cli', 'demo']) },
    },
    {
      name: 'ports-import-only-domain',
      comment: 'src/ports are interfaces over domain types.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: layer(['adapters', 'state', 'services', 'ui', 'cli', 'demo']) },
    },
    {
      name: 'adapters-know-no-caller',
      comment: 'An adapter implements a port; it never knows the stores, services, UI or CLI that use it.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: layer(['state', 'services', 'ui', 'cli', 'demo']) },
    },
    {
      name: 'stores-import-only-domain-and-ports',
      comment: 'A store (src/state) is data and its actions: services write it, the UI reads it.',
      severity: 'error',
      from: { path: '^src/state/' },
      to: { path: layer(['adapters', 'services', 'ui', 'cli', 'demo']) },
    },
    {
      name: 'services-know-no-ui-or-cli',
      comment: 'Services work headless and in the console alike: move what they need from cli/ or ui/ down.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: layer(['ui', 'cli', 'demo']) },
    },
    {
      name: 'ui-never-calls-adapters-or-cli',
      comment:
        'Screens render stores and send intents to services; the CLI composes the UI, not the other way. src/ui/tools/ (standalone programs for measurements) are composition roots and exempt.',
      severity: 'error',
      from: { path: '^src/ui/', pathNot: '^src/ui/tools/' },
      to: { path: layer(['adapters', 'cli', 'demo']) },
    },
    {
      name: 'headless-cli-never-imports-ink',
      comment: 'Loading Ink costs ~470 ms: cli/ reaches the UI only through a dynamic import (cli/commands/tui.ts).',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: ['^src/ui/', '^node_modules/(ink|react)/'], dependencyTypesNot: ['dynamic-import', 'type-only', 'type-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    exclude: { path: '^src/.*\\.d\\.ts$' },
  },
};
