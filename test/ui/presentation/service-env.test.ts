import { describe, expect, it } from 'vitest';
import { serviceEnvLine } from '../../../src/ui/presentation/service-env.js';
import type { Service } from '../../../src/domain/profile/profile-model.js';

const svc = (provider: Service['provider']): Service => ({ name: 'api', dependsOn: [], provider, health: [], logs: [] });
const proc = { kind: 'process' as const, command: ['x'], env: { PORT: '1' }, envFile: 'env/api.env', inheritEnv: ['SHOP_TOKEN'], stopTimeoutMs: 1, startTimeoutMs: 1 };

describe('serviceEnvLine', () => {
  it('lists the names a running service was started with, without opsdeck\'s own', () => {
    expect(serviceEnvLine(svc(proc), ['HOME', 'OPSDECK_ENV', 'PATH', 'PORT', 'SHOP_TOKEN'])).toBe('env (as started): HOME PATH PORT SHOP_TOKEN');
  });
  it('falls back to what the profile declares', () => {
    expect(serviceEnvLine(svc(proc), undefined)).toBe('env (declared): PORT · inherited SHOP_TOKEN · from env/api.env');
    expect(serviceEnvLine(svc({ ...proc, env: {}, envFile: undefined, inheritEnv: [] }), undefined)).toBe('env (declared): basics only (PATH HOME …)');
  });
  it('says nothing for other kinds', () => {
    expect(serviceEnvLine(svc({ kind: 'external' }), undefined)).toBeUndefined();
  });
});
