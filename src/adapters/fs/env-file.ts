// Reads an env file (`env_file:` of an environment or of a process service) with dotenv's
// parser (parse only: nothing is put into process.env). A file that holds a declared secret
// must not be readable by group or others: it is refused, with the chmod that fixes it.
// Stable API: `opsdeck env check` and the process supervisor both use it.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse } from 'dotenv';

export interface EnvFileProblem {
  /** The file as given to readEnvFile, resolved (absolute). */
  file: string;
  /** 1-based, when the problem is on one line. */
  line?: number;
  message: string;
}

export interface EnvFileResult {
  /** The file's absolute path. */
  file: string;
  /** NAME → value. Empty when the file could not be used (see `ok`). */
  values: Record<string, string>;
  /** Why the file was refused, and lines dotenv skipped. */
  problems: EnvFileProblem[];
  /** False when the file is missing, unreadable or refused: `values` is then empty. */
  ok: boolean;
}

export interface ReadEnvFileOptions {
  /** Names whose values are secrets: a file holding one must be mode 0600 (or stricter). */
  secretNames?: readonly string[];
  /** A relative path resolves against this (the ops dir); default the current directory. */
  baseDir?: string;
}

// KEY=value, `export KEY=value`, blank lines and comments are what dotenv understands.
const ASSIGNMENT = /^\s*(?:export\s+)?[\w.-]+\s*[=:]/;

export function readEnvFile(path: string, options: ReadEnvFileOptions = {}): EnvFileResult {
  const file = isAbsolute(path) ? path : resolve(options.baseDir ?? process.cwd(), path);
  const fail = (message: string): EnvFileResult => ({ file, values: {}, problems: [{ file, message }], ok: false });
  let text: string;
  let mode: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return fail(`env file ${file} is not a regular file`);
    mode = st.mode & 0o777;
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `env file ${file} does not exist` : `cannot read env file ${file}: ${code ?? (e as Error).message}`);
  }
  const values = parse(text);
  const secrets = (options.secretNames ?? []).filter((n) => n in values);
  if (secrets.length && (mode & 0o077) !== 0) {
    const octal = mode.toString(8).padStart(4, '0');
    return fail(`env file ${file} holds secret${secrets.length > 1 ? 's' : ''} ${secrets.join(', ')} but is readable by ${mode & 0o070 ? 'group' : ''}${mode & 0o070 && mode & 0o007 ? ' and ' : ''}${mode & 0o007 ? 'others' : ''} (mode ${octal}): refused; run chmod 600 ${file}`);
  }
  return { file, values, problems: skippedLines(file, text), ok: true };
}

/** Lines that are neither blank, a comment, an assignment nor a quoted value's continuation. */
function skippedLines(file: string, text: string): EnvFileProblem[] {
  const out: EnvFileProblem[] = [];
  let open: string | undefined; // the quote of a multi-line value still open
  text.split(/\r?\n/).forEach((raw, i) => {
    if (open) {
      if (raw.includes(open)) open = undefined;
      return;
    }
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!ASSIGNMENT.test(line)) {
      out.push({ file, line: i + 1, message: `line ${i + 1} is not NAME=value: ignored` });
      return;
    }
    const value = line.replace(ASSIGNMENT, '').trim();
    const q = value[0];
    if ((q === '"' || q === "'" || q === '`') && !value.slice(1).includes(q)) open = q;
  });
  return out;
}
