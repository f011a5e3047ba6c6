import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/text-table.js';

describe('renderTable', () => {
  const rows = [['db', 'unhealthy', 'status 503'], ['api-gateway', 'ok', '']];
  it('pads columns to the widest cell and trims trailing space', () => {
    expect(renderTable(['NAME', 'HEALTH', 'DETAIL'], rows)).toEqual(['NAME         HEALTH     DETAIL', 'db           unhealthy  status 503', 'api-gateway  ok']);
  });
  it('cuts long lines to the width', () => {
    const lines = renderTable(['NAME', 'HEALTH', 'DETAIL'], rows, { width: 20 });
    expect(lines[1]).toBe('db           unheal…');
    expect(lines.every((l) => l.length <= 20)).toBe(true);
  });
  it('styles cells without changing the visible text', () => {
    const lines = renderTable(['NAME', 'HEALTH', 'DETAIL'], rows, { style: (t, r, c) => (r > 0 && c === 1 ? `<${t}>` : t) });
    expect(lines[1]).toBe('db           <unhealthy>  status 503');
    expect(lines[2]).toBe('api-gateway  <ok>');
  });
});
