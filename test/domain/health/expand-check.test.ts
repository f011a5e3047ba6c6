import { describe, expect, it } from 'vitest';
import { checkScopes, expandCheck } from '../../../src/domain/health/expand-check.js';
import { commandCheck, httpCheck, tcpCheck } from '../../helpers/health-checks.js';

const scopes = checkScopes({ name: 'staging', vars: { api_url: 'http://127.0.0.1:7101', port: '7101', db: 'shop; rm -rf /' } });

describe('expandCheck', () => {
  it('fills url, headers and body_contains of an http check', () => {
    const r = expandCheck(httpCheck('{{ vars.api_url }}/health', { headers: { 'x-env': '{{ env.name }}' }, bodyContains: '{{vars.port}}' }), scopes);
    expect(r).toMatchObject({ ok: true, check: { url: 'http://127.0.0.1:7101/health', headers: { 'x-env': 'staging' }, bodyContains: '7101' } });
  });
  it('fills tcp host/port', () => {
    expect(expandCheck(tcpCheck('{{ vars.port }}'), scopes)).toMatchObject({ ok: true, check: { port: '7101' } });
  });
  it('keeps each argv element one argument, whatever the value holds', () => {
    const r = expandCheck(commandCheck(['pg_isready', '-d', '{{ vars.db }}']), scopes);
    expect(r.ok && r.check.kind === 'command' && r.check.command).toEqual(['pg_isready', '-d', 'shop; rm -rf /']);
  });
  it('turns an undefined var into a check error instead of throwing', () => {
    const r = expandCheck(httpCheck('{{ vars.nope }}/health'), scopes);
    expect(r).toMatchObject({ ok: false, error: 'template: "vars.nope" is not defined' });
  });
});
