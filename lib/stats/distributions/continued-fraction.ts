/** Relative size of the last Lentz step at which a continued fraction is taken as converged. */
const EPSILON = 1e-16;
/** Stand-in for 0 in the Lentz recurrences, which divide by their intermediate values. */
const TINY = 1e-300;
const MAX_TERMS = 100_000;

/**
 * Evaluates the continued fraction `a₁/(b₁ + a₂/(b₂ + a₃/(b₃ + …)))` by the modified Lentz algorithm
 * (W. J. Lentz 1976; I. J. Thompson & A. R. Barnett, "Coulomb and Bessel functions of complex arguments and
 * order", *J. Comput. Phys.* 64, 1986; Press et al., *Numerical Recipes*, 3rd ed., §5.2), stopping when a step
 * changes the value by less than 1e-16 relative. The incomplete gamma and beta functions use it.
 *
 * @param numerator `a_j` for `j = 1, 2, …`
 * @param denominator `b_j` for `j = 1, 2, …`
 * @example
 * continuedFraction(() => 1, () => 1); // 1/(1 + 1/(1 + …)) = 0.6180339887498948
 */
export function continuedFraction(numerator: (j: number) => number, denominator: (j: number) => number): number {
  // f₀ = b₀ = 0 is replaced by TINY, so that C₁ = b₁ + a₁/TINY carries a₁ into the product.
  let value = TINY;
  let c = TINY;
  let d = 0;
  for (let j = 1; j <= MAX_TERMS; j++) {
    const a = numerator(j);
    const b = denominator(j);
    d = b + a * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + a / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    value *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return value;
}
