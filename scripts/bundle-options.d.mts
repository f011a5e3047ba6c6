import type { BuildOptions } from 'esbuild';
export declare const bundleOptions: BuildOptions;
export declare const cliBundleOptions: BuildOptions;
export declare const cliBundleEntry: Record<string, string>;
/** Writes FILE.sha1 beside the CLI bundle: its SHA-1, size and mtime (see bundle-options.mjs). */
export declare function writeBundleKey(file: string): void;
/** What the bundle is made from: one hash of src/, the lockfile and the bundle options. */
export declare const BUILD_ID: string;
