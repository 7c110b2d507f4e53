/**
 * Paired comparisons that survive a noisy machine: two setups measured in pairs, side by side
 * (ABAB…, the order within each pair random), and the difference of each pair summarised as its
 * median with a distribution-free 95 % confidence interval (order statistics of the binomial;
 * no assumption on the noise's shape). A control pair (A against A) must come out at zero within
 * its interval, or the run says the machine is too noisy to tell.
 */

/** The median of a paired difference, and the 95 % interval around it (undefined with fewer than 6 pairs). */
export interface PairedDifference {
  pairs: number;
  median: number;
  low?: number;
  high?: number;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomialCdf(k: number, n: number): number {
  let term = 0.5 ** n;
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The median of `differences` and its 95 % interval: the k-th smallest and the k-th largest,
 * with k the largest rank such that P(Binomial(n, 1/2) < k) ≤ 2.5 %.
 */
export function pairedDifference(differences: readonly number[]): PairedDifference {
  const n = differences.length;
  if (!n) throw new Error('no pairs to compare');
  const sorted = [...differences].sort((a, b) => a - b);
  let k = 0;
  while (k + 1 <= n && binomialCdf(k, n) <= 0.025) k++;
  const result: PairedDifference = { pairs: n, median: median(sorted) };
  if (k >= 1) {
    result.low = sorted[k - 1];
    result.high = sorted[n - k];
  }
  return result;
}

/** Whether the interval holds zero (a control must); false without an interval. */
export const holdsZero = (d: PairedDifference): boolean => d.low !== undefined && d.high !== undefined && d.low <= 0 && d.high >= 0;

/** `ms` as text with its unit, signed. */
const signed = (value: number, digits: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;

/** "+1.2 ms (95 % CI −0.3 … +2.9, 20 pairs)", in `unit` after scaling by `scale`. */
export function describeDifference(d: PairedDifference, unit = 'ms', scale = 1, digits = 1): string {
  const interval = d.low === undefined ? 'too few pairs for an interval' : `95 % CI ${signed(d.low * scale, digits)} … ${signed(d.high! * scale, digits)}`;
  return `${signed(d.median * scale, digits)} ${unit} (${interval}, ${d.pairs} pairs)`;
}

/** The same difference as a percentage of `base`. */
export function describePercent(d: PairedDifference, base: number): string {
  const pct = (v: number) => `${signed((v / base) * 100, 1)} %`;
  return d.low === undefined ? pct(d.median) : `${pct(d.median)} (${pct(d.low)} … ${pct(d.high!)})`;
}

/** `items` in a random order (Fisher–Yates), for the order within each round of loads. */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
