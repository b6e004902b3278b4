/**
 * Python's `math.fsum`: the correctly rounded sum of floating-point numbers (Shewchuk, "Adaptive Precision
 * Floating-Point Arithmetic and Fast Robust Geometric Predicates", 1997, as CPython's `math_fsum` uses it:
 * exact partial sums, then round-half-even of their total). Used where a metric must reproduce a Python
 * reference bit for bit. Finite inputs only.
 *
 * @example
 * pythonFsum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]); // 1 (a plain loop gives 0.9999999999999999)
 */
export function pythonFsum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (const value of values) {
    let x = value;
    let kept = 0;
    for (let index = 0; index < partials.length; index++) {
      let y = partials[index] as number;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) partials[kept++] = low;
      x = high;
    }
    partials.length = kept;
    partials.push(x);
  }
  let count = partials.length;
  if (count === 0) return 0;
  let high = partials[--count] as number;
  let low = 0;
  while (count > 0) {
    const x = high;
    const y = partials[--count] as number;
    high = x + y;
    low = y - (high - x);
    if (low !== 0) break;
  }
  // Round half to even across the remaining partials (CPython's correction step).
  if (count > 0) {
    const next = partials[count - 1] as number;
    if ((low < 0 && next < 0) || (low > 0 && next > 0)) {
      const y = low * 2;
      const x = high + y;
      if (y === x - high) high = x;
    }
  }
  return high;
}
