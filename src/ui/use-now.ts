// A clock that ticks every `intervalMs` (ages like "3s ago" need it); one timer per user.
// A screen under another one passes running=false: its ticks would re-render nothing visible,
// yet each commit starts Ink's frame throttle and could delay the next keypress's frame.
import { useEffect, useState } from 'react';

export function useNow(intervalMs = 1000, running = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    // Fresh on showing again, not one interval late; on mount the clock is fresh already and
    // the same state is kept (no second render).
    setNow((n) => (Date.now() - n >= intervalMs ? Date.now() : n));
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, running]);
  return now;
}
