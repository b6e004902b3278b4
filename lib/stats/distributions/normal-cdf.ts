import { erfc } from './erfc.js';

/**
 * The standard normal cumulative distribution function `Φ(z) = ½ erfc(−z/√2)` (A&S 26.2.29), accurate to
 * about 1e-14 relative in both tails; use `normalCdf(−z)` for the upper tail `1 − Φ(z)` so that it stays
 * accurate too (`normalCdf(−7.034) ≈ 1e-12`).
 *
 * @example
 * normalCdf(1.959963984540054); // 0.975
 * normalCdf(-10);               // ≈ 7.61985302416047e-24
 */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * Math.SQRT1_2);
}
