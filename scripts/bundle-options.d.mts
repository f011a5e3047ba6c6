import type { BuildOptions } from 'esbuild';
export declare const bundleOptions: BuildOptions;
export declare const consoleBundleOptions: BuildOptions;
export declare const consoleEntry: Record<string, string>;
