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

export function Footer({ tables, width }: FooterProps) {
  const t = useTheme();
  const entries = footerEntries(tables, t.ascii);
  const parts: { label: string; description: string }[] = [];
  let used = 0;
  for (const e of entries) {
    const len = e.label.length + 1 + e.description.length + 2;
    if (used + len > width) break;
    parts.push(e);
    used += len;
  }
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
