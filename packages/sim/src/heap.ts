/**
 * The future event list: a binary min-heap over typed arrays, ordered by time and then by the
 * order events were scheduled, so ties resolve the same way on every run (same seed, same
 * bytes). An event is a kind and one integer argument; nothing is allocated per event once the
 * arrays have grown to the run's high-water mark.
 */
export class EventQueue {
  private heap = new Int32Array(1024);
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private kindOf = new Uint8Array(1024);
  private argOf = new Int32Array(1024);
  private free: number[] = [];
  private slots = 0;
  private size = 0;
  private counter = 0;
  /** Set by `pop`: the popped event's kind, argument and time. */
  kind = 0;
  arg = 0;
  at = 0;

  get length(): number {
    return this.size;
  }

  push(time: number, kind: number, arg: number): void {
    let s = this.free.pop();
    if (s === undefined) {
      s = this.slots++;
      if (s >= this.time.length) this.grow();
    }
    this.time[s] = time;
    this.seq[s] = this.counter++;
    this.kindOf[s] = kind;
    this.argOf[s] = arg;
    let i = this.size++;
    if (i >= this.heap.length) {
      const h = new Int32Array(this.heap.length * 2);
      h.set(this.heap);
      this.heap = h;
    }
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!this.less(s, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = s;
  }

  /** Removes the earliest event into `kind`, `arg` and `at`; false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const heap = this.heap;
    const top = heap[0]!;
    this.kind = this.kindOf[top]!;
    this.arg = this.argOf[top]!;
    this.at = this.time[top]!;
    this.free.push(top);
    const last = heap[--this.size]!;
    const n = this.size;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(heap[c + 1]!, heap[c]!)) c++;
      if (!this.less(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    if (n > 0) heap[i] = last;
    return true;
  }

  /** The time of the earliest event, or Infinity. */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.time[this.heap[0]!]!;
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a]!;
    const tb = this.time[b]!;
    return ta < tb || (ta === tb && this.seq[a]! < this.seq[b]!);
  }

  private grow(): void {
    const n = this.time.length * 2;
    const t = new Float64Array(n);
    t.set(this.time);
    this.time = t;
    const q = new Float64Array(n);
    q.set(this.seq);
    this.seq = q;
    const k = new Uint8Array(n);
    k.set(this.kindOf);
    this.kindOf = k;
    const a = new Int32Array(n);
    a.set(this.argOf);
    this.argOf = a;
  }
}
