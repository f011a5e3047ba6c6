import type { BuildOptions } from 'esbuild';
export declare const bundleOptions: BuildOptions;
export declare const cliBundleOptions: BuildOptions;
export declare const cliBundleEntry: Record<string, string>;
