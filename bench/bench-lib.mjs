/**
 * Helpers of the benchmark suite (bench/run.mjs): timing, medians, percentiles, machine description, and the row
 * every measure reports. Not part of the library: benchmarks time this machine, they assert nothing in tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

/** Imports a module of the built library (`npm run build` first). */
export const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);

export const log = (text) => process.stderr.write(`${text}\n`);

export function median(values) {
  return percentile(values, 0.5);
}

/** Linear-interpolation percentile (numpy's default), p in [0, 1]. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** Runs `body` `repeats` times (after `warmup` runs) and returns the wall times in ms. */
export async function timeRepeats(body, { repeats = 5, warmup = 1 } = {}) {
  for (let run = 0; run < warmup; run++) await body(run);
  const times = [];
  for (let run = 0; run < repeats; run++) {
    const start = performance.now();
    await body(run + warmup);
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * One line of the result table. `value` and `anchor.value` are medians in `unit`; `higherIsBetter` says how
 * the ratio is formed: the ratio is always "how many times better than the anchor" (> 1: faster).
 */
export function row({ measure, name, unit, value, higherIsBetter, anchor, target, note }) {
  const ratio = anchor && Number.isFinite(anchor.value) && anchor.value > 0 && value > 0 ? (higherIsBetter ? value / anchor.value : anchor.value / value) : null;
  return { measure, name, unit, value, higherIsBetter, anchor: anchor ?? null, ratio, target: target ?? null, note: note ?? null };
}

/** A target checked on the measured value: `{ text, pass }`. */
export function target(text, pass) {
  return { text, pass: Boolean(pass) };
}

/**
 * A Python 3 that can import `module` (ECG_LLM_PYTHON, then Debian's /usr/bin/python3 — the python3-scipy /
 * python3-nltk packages — then python3 on the PATH), with the module's version; undefined when none can.
 */
export function pythonWith(module) {
  for (const python of [process.env.ECG_LLM_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const probe = spawnSync(python, ['-c', `import ${module}; print(${module}.__version__)`], { encoding: 'utf8' });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return undefined;
}

/** Python 3 with scipy, or undefined (the anchors that need it are then reported as missing). */
export function pythonWithScipy() {
  const found = pythonWith('scipy');
  return found ? { python: found.python, scipy: found.version } : undefined;
}

/** Runs a Python anchor script and parses its JSON output. */
export function runPython(python, script, args) {
  const output = execFileSync(python, [script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  return JSON.parse(output);
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}
