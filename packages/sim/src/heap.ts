/**
 * The future event list: a binary min-heap over typed arrays, ordered by time and then by the
 * order events were scheduled, so ties resolve the same way on every run (same seed, same
 * bytes). An event is a kind and one integer argument, stored in the heap's own arrays at its
 * heap position (no slot indirection, no free list): a sift moves four numbers and nothing is
 * allocated per event once the arrays have grown to the run's high-water mark.
 *
 * Events scheduled many at once (an hour's arrivals, `pushSide`) wait in a sorted list beside
 * the heap instead: kept in order by insertion from its end, they cost no sift, and `pop` takes
 * the earlier of the two heads by the same rule, so the order is exactly one heap's.
 */
export class EventQueue {
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private kindOf = new Uint8Array(1024);
  private argOf = new Int32Array(1024);
  private size = 0;
  private counter = 0;
  /** The side list, sorted by time and then order, from `head` to `tail`. */
  private sideTime = new Float64Array(256);
  private sideSeq = new Float64Array(256);
  private sideKind = new Uint8Array(256);
  private sideArg = new Int32Array(256);
  private head = 0;
  private tail = 0;
  /** Set by `pop`: the popped event's kind, argument and time. */
  kind = 0;
  arg = 0;
  at = 0;

  get length(): number {
    return this.size + this.tail - this.head;
  }

  /** Schedules an event in the side list: the same order as `push`, for events scheduled in a batch. */
  pushSide(t: number, kind: number, arg: number): void {
    if (this.tail === this.sideTime.length) this.makeRoom();
    const time = this.sideTime, seq = this.sideSeq, kinds = this.sideKind, args = this.sideArg;
    const s = this.counter++;
    // Scheduled last, so it goes after every event of its time: insertion from the end.
    let i = this.tail++;
    while (i > this.head && time[i - 1]! > t) {
      time[i] = time[i - 1]!;
      seq[i] = seq[i - 1]!;
      kinds[i] = kinds[i - 1]!;
      args[i] = args[i - 1]!;
      i--;
    }
    time[i] = t;
    seq[i] = s;
    kinds[i] = kind;
    args[i] = arg;
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
    const h = this.head;
    if (h < this.tail) {
      const st = this.sideTime[h]!;
      if (this.size === 0 || st < this.time[0]! || (st === this.time[0]! && this.sideSeq[h]! < this.seq[0]!)) {
        this.kind = this.sideKind[h]!;
        this.arg = this.sideArg[h]!;
        this.at = st;
        if (h + 1 === this.tail) this.head = this.tail = 0;
        else this.head = h + 1;
        return true;
      }
    }
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
    const side = this.head < this.tail ? this.sideTime[this.head]! : Infinity;
    return Math.min(side, this.size === 0 ? Infinity : this.time[0]!);
  }

  /** The side list is full: its waiting events move to the start, or it doubles. */
  private makeRoom(): void {
    const h = this.head, n = this.tail - h;
    if (h > 0 && n <= this.sideTime.length / 2) {
      this.sideTime.copyWithin(0, h, this.tail);
      this.sideSeq.copyWithin(0, h, this.tail);
      this.sideKind.copyWithin(0, h, this.tail);
      this.sideArg.copyWithin(0, h, this.tail);
    } else {
      const grow = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a.subarray(h, this.tail) as never);
        return b;
      };
      this.sideTime = grow(this.sideTime);
      this.sideSeq = grow(this.sideSeq);
      this.sideKind = grow(this.sideKind);
      this.sideArg = grow(this.sideArg);
    }
    this.head = 0;
    this.tail = n;
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
