/**
 * Bootstrap intervals (percentile, BCa) of a paired mean difference and the paired permutation test, against
 * scipy 1.x (`scipy.stats.bootstrap(paired=True, vectorized=True)`, `scipy.stats.permutation_test(
 * permutation_type='samples', vectorized=True)`) on the same 1,000 pairs, timed in the same run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, median, pythonWithScipy, row, runPython, target, timeRepeats } from '../bench-lib.mjs';

export const description = 'bootstrap (percentile, BCa) and paired permutation test, 1,000 pairs x 10,000 resamples, vs scipy';

export async function run({ quick, log }) {
  const { createRandom } = await dist('core/random.js');
  const { bootstrapMeanInterval } = await dist('stats/bootstrap-mean-interval.js');
  const { pairedPermutationTest } = await dist('stats/paired-permutation-test.js');
  const pairs = 1000;
  const resamples = 10_000;
  const repeats = quick ? 3 : 7;
  const random = createRandom('bench-statistics');
  const x = Array.from({ length: pairs }, () => random.normal(0.62, 0.18));
  const y = x.map((value) => value - 0.03 + random.normal(0, 0.12));
  const differences = x.map((value, index) => value - y[index]);

  const ours = {};
  for (const method of ['percentile', 'bca']) {
    ours[method] = median(await timeRepeats((run) => bootstrapMeanInterval(differences, { random: createRandom(run), resamples, method }), { repeats }));
    log(`   bootstrapMeanInterval ${method}: ${ours[method].toFixed(1)} ms`);
  }
  ours.permutation = median(await timeRepeats((run) => pairedPermutationTest(x, y, { random: createRandom(run), resamples }), { repeats }));
  log(`   pairedPermutationTest: ${ours.permutation.toFixed(1)} ms`);

  const python = pythonWithScipy();
  let anchor;
  const skipped = [];
  if (python) {
    const folder = await mkdtemp(join(tmpdir(), 'ecg-llm-bench-'));
    try {
      const file = join(folder, 'data.json');
      await writeFile(file, JSON.stringify({ x, y, resamples, repeats }));
      anchor = runPython(python.python, new URL('../anchors/scipy_resampling.py', import.meta.url).pathname, [file]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  } else skipped.push('python3 with scipy not found (apt-get install python3-scipy): no scipy anchors; the workspace times are reported alone');
  const scipyName = python ? `scipy ${python.scipy}` : 'scipy (absent)';
  const anchorOf = (key, label) => (anchor ? { name: `${scipyName} ${label}`, value: median(anchor[key]), unit: 'ms' } : undefined);
  const rows = [];
  for (const [method, key, label] of [
    ['percentile', 'bootstrap_percentile_ms', "bootstrap(paired, vectorized, 'percentile')"],
    ['bca', 'bootstrap_bca_ms', "bootstrap(paired, vectorized, 'BCa')"],
  ]) {
    const anchored = anchorOf(key, label);
    rows.push(
      row({
        measure: 'bootstrap',
        name: `bootstrapMeanInterval ${method}, ${pairs} pairs x ${resamples} resamples`,
        unit: 'ms',
        value: ours[method],
        higherIsBetter: false,
        anchor: anchored,
        target: anchored ? target("at or below scipy's time", ours[method] <= anchored.value) : undefined,
      }),
    );
  }
  rows.push(
    row({
      measure: 'permutation',
      name: `pairedPermutationTest, ${pairs} pairs x ${resamples} relabelings`,
      unit: 'ms',
      value: ours.permutation,
      higherIsBetter: false,
      anchor: anchorOf('permutation_ms', "permutation_test(samples, vectorized)"),
    }),
  );
  return { rows, skipped };
}
