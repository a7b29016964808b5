// Test helper: judges one reported number or shape against executed truth as exact,
// unknown (null / missing / symbolic) or WRONG (a different number) — the honesty rule.
// Does not: decide what a test does with the verdicts (KNOWN_* lists stay in the tests).

export type Verdict = 'exact' | 'unknown' | 'wrong';

/** A count: exact when equal, unknown when not given, wrong when another number is given. */
export function judgeNumber(expected: number, got: number | null | undefined): Verdict {
  if (got === null || got === undefined) {
    return 'unknown';
  }
  return got === expected ? 'exact' : 'wrong';
}

/** A shape (nested lists of ints): unknown when not given or partly symbolic/null. */
export function judgeShape(expected: unknown, got: unknown): Verdict {
  if (got === null || got === undefined) {
    return 'unknown';
  }
  const g = JSON.stringify(got);
  if (g === JSON.stringify(expected)) {
    return 'exact';
  }
  return g.includes('null') || g.includes('expr') ? 'unknown' : 'wrong';
}

/** The worst of several verdicts: wrong > unknown > exact. */
export function worst(vs: Verdict[]): Verdict {
  return vs.includes('wrong') ? 'wrong' : vs.includes('unknown') ? 'unknown' : 'exact';
}
