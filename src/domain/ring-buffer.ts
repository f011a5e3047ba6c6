// Fixed-capacity FIFO: memory stays bounded however long a stream runs.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** Total items ever pushed; lets readers tell how many arrived since they last looked. */
  private pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.items = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get totalPushed(): number {
    return this.pushed;
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    this.pushed++;
  }

  /** Item by age: 0 is the oldest kept. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  last(): T | undefined {
    return this.at(this.count - 1);
  }

  /** Copies of items [from, to) by age. */
  slice(from = 0, to = this.count): T[] {
    const out: T[] = [];
    const a = Math.max(0, from);
    const b = Math.min(this.count, to);
    for (let i = a; i < b; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  toArray(): T[] {
    return this.slice();
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
