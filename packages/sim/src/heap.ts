/**
 * The future event list: a binary min-heap over typed arrays, ordered by time and then by the
 * order events were scheduled, so ties resolve the same way on every run (same seed, same
 * bytes). An event is a kind and one integer argument, stored in the heap's own arrays at its
 * heap position (no slot indirection, no free list): a sift moves four numbers and nothing is
 * allocated per event once the arrays have grown to the run's high-water mark.
 */
export class EventQueue {
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private kindOf = new Uint8Array(1024);
  private argOf = new Int32Array(1024);
  private size = 0;
  private counter = 0;
  /** Set by `pop`: the popped event's kind, argument and time. */
  kind = 0;
  arg = 0;
  at = 0;

  get length(): number {
    return this.size;
  }

  push(t: number, kind: number, arg: number): void {
    if (this.size === this.time.length) this.grow();
    const time = this.time, seq = this.seq, kinds = this.kindOf, args = this.argOf;
    const s = this.counter++;
    let i = this.size++;
    // Sift up: a later-scheduled event never passes an earlier one of the same time.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = time[p]!;
      if (t > tp || (t === tp && s > seq[p]!)) break;
      time[i] = tp;
      seq[i] = seq[p]!;
      kinds[i] = kinds[p]!;
      args[i] = args[p]!;
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    kinds[i] = kind;
    args[i] = arg;
  }

  /** Removes the earliest event into `kind`, `arg` and `at`; false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const time = this.time, seq = this.seq, kinds = this.kindOf, args = this.argOf;
    this.kind = kinds[0]!;
    this.arg = args[0]!;
    this.at = time[0]!;
    const n = --this.size;
    if (n === 0) return true;
    // The last event sifts down from the top.
    const t = time[n]!, s = seq[n]!, k = kinds[n]!, a = args[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const d = c + 1;
      if (d < n) {
        const tc = time[c]!, td = time[d]!;
        if (td < tc || (td === tc && seq[d]! < seq[c]!)) c = d;
      }
      const tc = time[c]!;
      if (t < tc || (t === tc && s < seq[c]!)) break;
      time[i] = tc;
      seq[i] = seq[c]!;
      kinds[i] = kinds[c]!;
      args[i] = args[c]!;
      i = c;
    }
    time[i] = t;
    seq[i] = s;
    kinds[i] = k;
    args[i] = a;
    return true;
  }

  /** The time of the earliest event, or Infinity. */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.time[0]!;
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
