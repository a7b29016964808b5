// A running sum of tensor sizes (numels) for parameter and buffer totals: the constant part as
// a number while it is exact and as a BigInt beyond, the symbolic part as a polynomial, and
// unknown once any part is not known (a total is a number only when every part is).
// Does not: decide which tensors count (the frameworks' extractors do).
import type { Dim } from '../ir';
import { Poly, polyAdd, polyConst, polyConstValue } from '../interp/poly';
import { constDim, dimOf } from './dims';

/**
 * A running sum of numels: the constant part as a number while it is exact and as a BigInt
 * beyond (no Map per addition, which made summing tens of thousands of tensors
 * allocation-bound, and no BigInt per addition in the usual case), the symbolic part as a
 * Poly, and `unknown` once any shape is not known.
 */
export class Sum {
  /** The constant part while it is a safe integer (`big` null), else `big`. */
  n = 0;
  big: bigint | null = null;
  p: Poly | null = null;
  unknown = false;

  add(n: Poly | null): void {
    if (this.unknown) {
      return;
    }
    if (!n) {
      this.unknown = true;
      return;
    }
    const k = polyConstValue(n);
    if (k !== null) {
      this.addConst(k);
    } else {
      this.p = this.p ? polyAdd(this.p, n) : n;
    }
  }

  merge(o: Sum): void {
    if (o.unknown) {
      this.unknown = true;
    } else if (!this.unknown) {
      if (o.big === null) {
        this.addNumber(o.n);
      } else {
        this.addConst(o.big);
      }
      if (o.p) {
        this.p = this.p ? polyAdd(this.p, o.p) : o.p;
      }
    }
  }

  private addConst(k: bigint): void {
    const x = Number(k);
    if (this.big === null && Number.isSafeInteger(x)) {
      this.addNumber(x);
    } else {
      this.big = (this.big ?? BigInt(this.n)) + k;
    }
  }

  /** Adds a safe integer. */
  private addNumber(x: number): void {
    const r = this.n + x;
    if (this.big === null && Number.isSafeInteger(r)) {
      this.n = r;
    } else {
      this.big = (this.big ?? BigInt(this.n)) + BigInt(x);
    }
  }

  private get c(): bigint {
    return this.big ?? BigInt(this.n);
  }

  poly(): Poly | null {
    if (this.unknown) {
      return null;
    }
    const c = polyConst(this.c);
    return this.p ? polyAdd(this.p, c) : c;
  }

  /**
   * dimOf(subst(poly())) without building a Poly for a constant sum (the usual case):
   * substitution leaves a constant unchanged.
   */
  dim(subst: (p: Poly) => Poly): Dim {
    if (this.unknown) {
      return null;
    }
    if (this.p) {
      return dimOf(subst(this.poly() as Poly));
    }
    return this.big === null ? this.n : constDim(this.big);
  }
}
