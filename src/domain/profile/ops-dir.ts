// The ops directory a console or command works from: profiles/ and runbooks/ under `root`.
export interface OpsDir {
  root: string;
  /** True when no ops repo was found and the embedded demo is used. */
  embedded: boolean;
}
