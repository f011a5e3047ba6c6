// What a frame derives from a line (its tokens, cells, width, cut) across frames: most lines
// repeat frame after frame. Emptied whole when full: a log flood's lines are seen once.
export class BoundedCache<V> {
  private map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string, make: (key: string) => V): V {
    let v = this.map.get(key);
    if (v === undefined) {
      if (this.map.size >= this.limit) this.map.clear();
      v = make(key);
      this.map.set(key, v);
    }
    return v;
  }
}
