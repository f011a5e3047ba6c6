import { describe, it, expect } from 'vitest';
import { expandArgv, expandTemplate, templateRefs, malformedTemplates, TemplateError } from '../../src/domain/template.js';

describe('templates', () => {
  const scopes = { vars: { api_url: 'http://127.0.0.1:7101', dir: '/var/backups' }, inputs: { backup: 'a b; rm -rf /tmp/x $(touch /tmp/pwned)' } };

  it('expands references inside one element and keeps it one argument', () => {
    const argv = expandArgv(['pg_restore', '--list', '{{ vars.dir }}/{{ inputs.backup }}'], scopes);
    expect(argv).toEqual(['pg_restore', '--list', '/var/backups/a b; rm -rf /tmp/x $(touch /tmp/pwned)']);
  });

  it('does not re-expand braces that arrive inside a value', () => {
    expect(expandTemplate('{{ inputs.x }}', { inputs: { x: '{{ vars.dir }}' } })).toBe('{{ vars.dir }}');
  });

  it('fails clearly on undefined names and scopes', () => {
    expect(() => expandTemplate('{{ vars.nope }}', scopes)).toThrow(TemplateError);
    expect(() => expandTemplate('{{ vars.nope }}', scopes)).toThrow('"vars.nope" is not defined');
    expect(() => expandTemplate('{{ env.HOME }}', scopes)).toThrow(/unknown template scope "env"/);
  });

  it('lists references and malformed templates', () => {
    expect(templateRefs('{{vars.a}} and {{ inputs.b-c }}').map((r) => `${r.scope}.${r.name}`)).toEqual(['vars.a', 'inputs.b-c']);
    expect(malformedTemplates('{{ inputs }} {{ vars.ok }} {{ a b }}').map((m) => m.text)).toEqual(['{{ inputs }}', '{{ a b }}']);
  });
});
