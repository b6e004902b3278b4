import { requireCount } from '../validation/require-count.js';
import { requireNumber } from '../validation/require-number.js';
import { requireProbability } from '../validation/require-probability.js';
import { logGamma } from './log-gamma.js';
import { stirlingSeries } from './stirling-series.js';

const HALF_LOG_TWO_PI = 0.9189385332046728;

/** Loader's `stirlerr(n) = ln n! − [(n + ½) ln n − n + ½ ln 2π]`, for n >= 1. */
function stirlingError(n: number): number {
  if (n >= 10) return stirlingSeries(n);
  return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - HALF_LOG_TWO_PI;
}

/**
 * Loader's deviance term `bd0(x, μ) = x ln(x/μ) + μ − x`, computed for x close to μ by the series
 * `(x−μ)v + 2x Σ_{j>=1} v^{2j+1}/(2j+1)` with `v = (x−μ)/(x+μ)`, which avoids the cancellation.
 */
function devianceTerm(x: number, mu: number): number {
  if (Math.abs(x - mu) < 0.1 * (x + mu)) {
    const v = (x - mu) / (x + mu);
    const vSquared = v * v;
    let sum = (x - mu) * v;
    let power = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      power *= vSquared;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return sum;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mu) + mu - x;
}

/**
 * The binomial probability mass `P(X = k)` for `X ~ Binomial(n, p)`.
 *
 * Method: C. Loader, "Fast and Accurate Computation of Binomial Probabilities" (2000), the saddle-point form
 * `P(X = k) = √(n / (2π k (n−k))) · exp(stirlerr(n) − stirlerr(k) − stirlerr(n−k) − bd0(k, np) − bd0(n−k, nq))`,
 * which keeps about 1e-14 relative accuracy for large `n` where `ln C(n, k) + k ln p + …` would lose digits to
 * cancellation. The same method is used by R's `dbinom`.
 *
 * @example
 * binomialProbability(3, 10, 0.5); // 0.1171875 = 120 / 1024
 */
export function binomialProbability(k: number, n: number, p: number): number {
  requireCount(n, 'n');
  requireProbability(p, 'p');
  requireNumber(k, 'k');
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  const q = 1 - p;
  if (p === 0) return k === 0 ? 1 : 0;
  if (q === 0) return k === n ? 1 : 0;
  if (k === 0) return Math.exp(n * Math.log1p(-p));
  if (k === n) return Math.exp(n * Math.log(p));
  const exponent =
    stirlingError(n) - stirlingError(k) - stirlingError(n - k) - devianceTerm(k, n * p) - devianceTerm(n - k, n * q);
  return Math.exp(exponent) * Math.sqrt(n / (2 * Math.PI * k * (n - k)));
}
