// Bottom line: the keys of what has focus, generated from its key tables, cut to the width.
import { Text } from 'ink';
import { bindingLabel, type KeyTable } from '../keys/key-table.js';
import { useTheme } from '../theme/theme-context.js';

export interface FooterProps {
  tables: readonly KeyTable[];
  width: number;
}

export function footerEntries(tables: readonly KeyTable[], ascii: boolean): { label: string; description: string }[] {
  const out: { label: string; description: string }[] = [];
  const seen = new Set<string>();
  for (const table of tables) {
    for (const b of table) {
      if (b.helpOnly || b.keys.every((k) => seen.has(k))) continue;
      b.keys.forEach((k) => seen.add(k));
      out.push({ label: bindingLabel(b, ascii), description: b.description });
    }
  }
  return out;
}

const ESSENTIAL = new Set(['help', 'quit']);

/**
 * The entries that fit in `width`, in table order; help and quit are kept whatever else has
 * to go, so an operator can always find the rest.
 */
export function fitFooter<E extends { label: string; description: string }>(entries: readonly E[], width: number): E[] {
  const len = (e: E) => e.label.length + 1 + e.description.length + 2;
  let used = entries.filter((e) => ESSENTIAL.has(e.description)).reduce((n, e) => n + len(e), 0);
  const keep = new Set<E>(entries.filter((e) => ESSENTIAL.has(e.description)));
  for (const e of entries) {
    if (keep.has(e)) continue;
    if (used + len(e) > width) continue;
    keep.add(e);
    used += len(e);
  }
  return entries.filter((e) => keep.has(e));
}

export function Footer({ tables, width }: FooterProps) {
  const t = useTheme();
  const entries = footerEntries(tables, t.ascii);
  const parts = fitFooter(entries, width);
  return (
    <Text wrap="truncate">
      {parts.map((p, i) => (
        <Text key={i}>
          <Text bold color={t.c('cyan')}>
            {p.label}
          </Text>
          {` ${p.description}  `}
        </Text>
      ))}
    </Text>
  );
}
