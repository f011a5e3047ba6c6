// Injected at build time from package.json; "dev" when running from sources.
declare const __OPSDECK_VERSION__: string | undefined;
export const VERSION: string = typeof __OPSDECK_VERSION__ === 'string' ? __OPSDECK_VERSION__ : 'dev';
