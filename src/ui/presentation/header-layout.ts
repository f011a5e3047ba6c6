// The header is one line, and an on-call console may have an incident, a maintenance window, a
// DR warning and a lock to show at once: at 80 columns they do not all fit. Who and where
// (environment, user@host) always show whole; everything else has a priority and shorter
// wordings, each worth a little less than the shorter one before it; the line takes the most
// worth that fits (so an incident's timers show before a DR warning does, its title after). Only a terminal too narrow for the environment and user@host alone cuts
// those, the identity last.
import stringWidth from 'string-width';

export interface HeaderPart {
  /** Wordings, longest first; '' means the part may be left out. */
  variants: readonly string[];
  /** Higher stays longer. */
  priority: number;
}

/** Header priorities, highest first: what an operator must never lose sight of. */
export const HEADER_PRIORITY = {
  mode: 90,
  incident: 80,
  /** An active window: it is why health reads "in maint." rather than alarming. */
  maintenance: 70,
  run: 60,
  escalation: 50,
  dr: 45,
  other: 30,
  profile: 20,
  brand: 10,
} as const;

export const SEPARATOR = '  ';

/** How much less each longer wording of a part is worth than the one before it. */
export const WORDING_STEP = 30;

/**
 * The wording chosen for each part ('' = left out), so that the line fits `width` if it can.
 * A part's shortest wording is worth its priority, each longer one WORDING_STEP less: an
 * incident's timers (80 - 30) come before a DR warning is shown at all (45), its title
 * (80 - 90) after everything else. Upgrades are taken from the most worth down while the line still fits; one
 * that does not fit ends that part's growth.
 */
export function layoutHeader(parts: readonly HeaderPart[], fixedWidth: number, width: number): string[] {
  const levels = parts.map((p) => [...new Set(p.variants.filter((v) => v !== ''))].reverse());
  const upgrades = levels.flatMap((ws, i) => ws.map((_, j) => ({ i, j, worth: parts[i]!.priority - WORDING_STEP * j })));
  upgrades.sort((a, b) => b.worth - a.worth || a.i - b.i || a.j - b.j);
  const level = parts.map(() => -1);
  const blocked = parts.map(() => false);
  const cost = (i: number, j: number) => (j < 0 ? 0 : SEPARATOR.length + stringWidth(levels[i]![j]!));
  let total = fixedWidth;
  for (const u of upgrades) {
    if (blocked[u.i] || level[u.i] !== u.j - 1) continue;
    const delta = cost(u.i, u.j) - cost(u.i, u.j - 1);
    if (total + delta > width) {
      blocked[u.i] = true;
      continue;
    }
    level[u.i] = u.j;
    total += delta;
  }
  return parts.map((_, i) => (level[i]! < 0 ? '' : levels[i]![level[i]!]!));
}

/** `text` cut to `width` columns with `ellipsis` (by display width). */
export function cutTo(text: string, width: number, ellipsis: string): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) + stringWidth(ellipsis) > width) break;
    out += ch;
  }
  return out + ellipsis;
}

export const displayWidth = (s: string): number => stringWidth(s);
