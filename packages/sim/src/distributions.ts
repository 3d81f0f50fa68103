import type { Rng } from './rng.ts';
import type { Distribution } from './scenario.ts';

/** A distribution with its parameters worked out once, so a draw costs one or two random numbers. */
export class Draw {
  private readonly kind: Distribution['distribution'];
  private readonly a: number;
  private readonly b: number;
  readonly mean: number;

  constructor(d: Distribution) {
    this.kind = d.distribution;
    this.mean = d.mean;
    if (d.distribution === 'lognormal') {
      // Mean m and coefficient of variation cv: σ² = ln(1 + cv²), μ = ln m − σ²/2.
      const s2 = Math.log(1 + d.cv * d.cv);
      this.a = Math.log(d.mean) - s2 / 2;
      this.b = Math.sqrt(s2);
    } else if (d.distribution === 'uniform') {
      this.a = d.min ?? 0;
      this.b = d.max ?? 2 * d.mean;
    } else {
      this.a = d.mean;
      this.b = 0;
    }
  }

  sample(rng: Rng): number {
    switch (this.kind) {
      case 'fixed':
        return this.a;
      case 'exponential':
        return rng.exponential(this.a);
      case 'lognormal':
        return Math.exp(this.a + this.b * rng.normal());
      case 'uniform':
        return this.a + (this.b - this.a) * rng.next();
    }
  }
}
