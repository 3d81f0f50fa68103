/**
 * The simulator's random numbers: sfc32 (Chris Doty-Humphrey's Small Fast Counter, from
 * PractRand), seeded through splitmix32. Why this one: it passes PractRand and BigCrush, runs in
 * 32-bit integer arithmetic that JavaScript does fast, has a 128-bit state (period at least 2^32
 * and on average about 2^127, far beyond the ~10^8 draws of a year), and is a few lines, so a
 * run is reproducible from its seed on any engine without a dependency. Math.random cannot be
 * seeded; mulberry32's 32-bit state is too small for a year of draws.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small seed (0, 1, 2 …) over the whole state.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    return this.step() >>> 0;
  }

  /**
   * One step of sfc32, its output as a signed 32-bit integer: a small integer to V8, never a
   * boxed number, so a draw allocates nothing even where the call is not inlined.
   */
  private step(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t;
  }

  /** Advances the state by `k` draws, as `k` calls of `uint32` would, with the state kept in locals. */
  skip(k: number): void {
    let a = this.a, b = this.b, c = this.c, d = this.d;
    for (let i = 0; i < k; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return (this.step() >>> 0) / 4294967296;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Box-Muller; the second value is dropped to keep the stream simple). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An index drawn with probability proportional to `cumulative[i] - cumulative[i-1]` (binary search). */
  pick(cumulative: Float64Array | readonly number[]): number {
    const n = cumulative.length;
    const x = ((this.step() >>> 0) / 4294967296) * cumulative[n - 1]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x < cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** A Poisson count (Knuth for small means, a normal approximation above 500). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** Cumulative sums of weights, for `Rng.pick`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}
