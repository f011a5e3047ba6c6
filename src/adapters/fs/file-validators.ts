// Validators by folder name, so `opsdeck validate FILE` knows what kind of file it is looking at.
import type { ConfigProblem } from '../../domain/errors.js';
import { loadProfileFile } from './profile-loader.js';
import { validateRunbookFile } from './runbook-loader.js';

export interface FileValidator {
  folder: string;
  validate(file: string): ConfigProblem[];
}

export const fileValidators: FileValidator[] = [
  { folder: 'profiles', validate: (f) => loadProfileFile(f).problems },
  // Runbooks are checked against the profiles of their own ops dir (valid against one is enough).
  { folder: 'runbooks', validate: validateRunbookFile },
];
