import { describe, expect, it } from 'vitest';
import { isPathVar, resolvePathVars } from '../../../src/domain/profile/path-vars.js';

describe('path vars', () => {
  it.each([
    ['data_dir', '.demo-data/local', true],
    ['backup_path', 'backups', true],
    ['env_file', 'shop.env', true],
    ['anything', './here', true],
    ['anything', '../there', true],
    ['data_dir', '/var/lib/shop', false],
    ['data_dir', '~/shop', false],
    ['data_dir', '', false],
    ['log_file', 's3://bucket/x', false],
    ['api_url', 'http://127.0.0.1:7101', false],
    ['label', 'a/b', false],
    ['store_port', '7101', false],
    ['dirty', 'x', false],
  ])('%s=%s is a path: %s', (name, value, expected) => {
    expect(isPathVar(name, value)).toBe(expected);
  });

  it('resolves only relative path vars', () => {
    expect(resolvePathVars({ data_dir: '.demo-data/local', port: '1', root: '/abs', x: './y' }, (r) => `/ops/${r}`)).toEqual({ data_dir: '/ops/.demo-data/local', port: '1', root: '/abs', x: '/ops/./y' });
  });
});
