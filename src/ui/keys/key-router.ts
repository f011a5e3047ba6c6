// The one key dispatcher: layers (modal > screen > global) each get the key in priority order;
// the first that consumes it wins. A single Ink useInput feeds it, so handlers never pile up.
import type { KeyBinding, KeyTable } from './key-table.js';

export const PRIORITY = { global: 100, screen: 200, modal: 300 } as const;

export interface KeyLayer {
  priority: number;
  table: KeyTable;
  /** Return false to let the key fall through to lower layers. */
  onAction(action: string, key: string): boolean | void;
  /** Raw access before the table, for text fields: return true when consumed. */
  capture?(input: string, key: string): boolean;
  /** Keys never reach lower layers (modals). */
  exclusive?: boolean;
}

export class KeyRouter {
  private layers: { layer: KeyLayer; order: number }[] = [];
  private order = 0;
  /** Bindings that may act now: read-only mode removes the dangerous ones (set by the shell). */
  allow: (binding: KeyBinding) => boolean = () => true;

  add(layer: KeyLayer): () => void {
    const entry = { layer, order: this.order++ };
    this.layers.push(entry);
    return () => {
      this.layers = this.layers.filter((e) => e !== entry);
    };
  }

  /** Offers `key` (a key name; `input` the raw text) to the layers; true when something took it. */
  dispatch(input: string, key: string): boolean {
    const sorted = [...this.layers].sort((a, b) => b.layer.priority - a.layer.priority || b.order - a.order);
    for (const { layer } of sorted) {
      if (layer.capture?.(input, key)) return true;
      const binding = layer.table.find((b) => b.keys.includes(key) && this.allow(b));
      if (binding && layer.onAction(binding.action, key) !== false) return true;
      if (layer.exclusive) return true;
    }
    return false;
  }
}
