// Maintenance windows in words, for the header and the headless commands.
import { formatDuration } from '../duration.js';
import type { WindowState } from './windows.js';
import { zonedLabel } from './zoned-time.js';

/** "maintenance weekly: 1h12m left" / "next maintenance weekly Sun 02:00 (in 3d)". */
export function windowText(s: WindowState, now: number): string | undefined {
  if (s.active) return `MAINTENANCE ${s.active.name}: ${formatDuration(s.active.endMs - now)} left`;
  if (s.next) return `next maint ${s.next.name} ${zonedLabel(s.next.startMs, s.next.timezone)}`;
  return undefined;
}


/** Shorter wordings of windowText, longest first, for a narrow header. */
export function windowTextShort(s: WindowState, now: number): string[] {
  if (s.active) return [`MAINT ${s.active.name}: ${formatDuration(s.active.endMs - now)} left`, `MAINT ${formatDuration(s.active.endMs - now)} left`, 'MAINT'];
  if (s.next) return [`next maint ${zonedLabel(s.next.startMs, s.next.timezone)}`];
  return [];
}
