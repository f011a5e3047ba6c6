// Bottom line: the keys of what has focus, generated from its key tables, cut to the width.
import { Text } from 'ink';
import { bindingLabel, type KeyTable } from '../keys/key-table.js';
import { useTheme } from '../theme/theme-context.js';

export interface FooterProps {
  tables: readonly KeyTable[];
  width: number;
}

export interface FooterEntry {
  label: string;
  description: string;
  /** The screen's own Enter: its main action, kept before the global keys. */
  primary?: boolean;
}

export function footerEntries(tables: readonly KeyTable[], ascii: boolean): FooterEntry[] {
  const out: FooterEntry[] = [];
  const seen = new Set<string>();
  tables.forEach((table, t) => {
    for (const b of table) {
      if (b.helpOnly || b.keys.every((k) => seen.has(k))) continue;
      b.keys.forEach((k) => seen.add(k));
      // Kept before the global keys (a dialog's one table keeps its own order: its Enter repeats a choice).
      out.push({ label: bindingLabel(b, ascii), description: b.short ?? b.description, ...(t === 0 && tables.length > 1 && b.keys.includes('enter') ? { primary: true } : {}) });
    }
  });
  return out;
}

const ESSENTIAL = new Set(['help', 'quit']);

/**
 * The entries that fit in `width`, in table order. Help and quit are kept whatever else has to
 * go (an operator can always find the rest), then the screen's Enter (its main action: at 60
 * columns the plan's "Enter start the run" lost its place to ": command").
 */
export function fitFooter<E extends FooterEntry>(entries: readonly E[], width: number): E[] {
  const len = (e: E) => e.label.length + 1 + e.description.length + 2;
  const keep = new Set<E>();
  let used = 0;
  const take = (e: E) => {
    if (keep.has(e) || used + len(e) > width) return;
    keep.add(e);
    used += len(e);
  };
  for (const e of entries) if (ESSENTIAL.has(e.description)) take(e);
  for (const e of entries) if (e.primary) take(e);
  for (const e of entries) take(e);
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
