/**
 * The remainder of Stirling's formula, `ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π]`, by its asymptotic series
 * `Σ_{k=1..8} B_{2k} / (2k (2k − 1) x^{2k−1})` (Abramowitz & Stegun 6.1.40; DLMF 5.11.1), where `B_{2k}` are the
 * Bernoulli numbers 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730, 7/6, −3617/510.
 *
 * Valid for `x >= 10`, where the first omitted term is below 2e-18 and the result is accurate to a few units in
 * the last place. It equals Loader's `stirlerr(x)` (C. Loader, "Fast and Accurate Computation of Binomial
 * Probabilities", 2000), used by {@link binomialProbability}.
 *
 * @example
 * stirlingSeries(10); // 0.008330563433362871 = ln Γ(10) − (9.5 ln 10 − 10 + ½ ln 2π)
 */
export function stirlingSeries(x: number): number {
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  // Horner form in 1/x² of 1/12 − 1/(360x²) + 1/(1260x⁴) − 1/(1680x⁶) + 1/(1188x⁸) − 691/(360360x¹⁰)
  // + 1/(156x¹²) − 3617/(122400x¹⁴), times 1/x.
  let series = -3617 / 122400;
  series = series * inverseSquared + 1 / 156;
  series = series * inverseSquared - 691 / 360360;
  series = series * inverseSquared + 1 / 1188;
  series = series * inverseSquared - 1 / 1680;
  series = series * inverseSquared + 1 / 1260;
  series = series * inverseSquared - 1 / 360;
  series = series * inverseSquared + 1 / 12;
  return series * inverse;
}
