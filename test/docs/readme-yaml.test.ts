// Every YAML block in README.md is what it claims to be: the profile and runbook examples pass
// `opsdeck validate` (the real binary, the runbook checked against the profile), and every
// other block is well-formed YAML. An example a user copies must work.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { REPO, ensureBuilt } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);

interface Block {
  line: number;
  text: string;
}

function yamlBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    out.push({ line: start + 1, text: lines.slice(start, end).join('\n') + '\n' });
    i = end;
  }
  return out;
}

const blocks = yamlBlocks(readFileSync(join(REPO, 'README.md'), 'utf8'));
// A runbook may name its services too (`services: [api]`): its steps are what make it a runbook.
const kindOf = (b: Block): 'profile' | 'runbook' | 'fragment' => (/^steps:/m.test(b.text) ? 'runbook' : /^services:/m.test(b.text) ? 'profile' : 'fragment');

describe('README.md YAML blocks', () => {
  it('has the profile and runbook examples', () => {
    expect(blocks.map(kindOf)).toEqual(expect.arrayContaining(['profile', 'runbook']));
  });

  it.each(blocks.map((b) => [b.line, b] as const))('block at README.md:%i is well-formed YAML', (_line, b) => {
    expect(parseDocument(b.text).errors.map((e) => e.message)).toEqual([]);
  });

  it('the profile and runbook examples pass `opsdeck validate` together, as an ops repo', () => {
    ensureBuilt();
    const ops = tempDir('opsdeck-readme-');
    mkdirSync(join(ops, 'profiles'));
    mkdirSync(join(ops, 'runbooks'));
    const files: string[] = [];
    blocks.forEach((b, i) => {
      const kind = kindOf(b);
      if (kind === 'fragment') return;
      const name = (/^name:\s*(\S+)/m.exec(b.text)?.[1] ?? `block${i}`).replace(/[^\w.-]/g, '');
      const file = join(ops, `${kind}s`, `${name}.yaml`);
      // A fragment (the hosts example) shows only its part: it gets a name, nothing else.
      writeFileSync(file, /^name:/m.test(b.text) ? b.text : `name: ${name}\n${b.text}`);
      files.push(`${kind}s/${name}.yaml (README.md:${b.line})`);
    });
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'opsdeck.js'), 'validate', '--dir', ops], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect({ files, stdout: r.stdout, stderr: r.stderr, code: r.status }).toEqual({ files, stdout: '', stderr: `${files.length} file(s) valid\n`, code: 0 });
  });
});
