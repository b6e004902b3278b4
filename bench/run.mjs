#!/usr/bin/env node
/**
 * `npm run bench`: the performance suite. Each measure runs against its anchor IN THE SAME RUN (a reference
 * implementation or a bare baseline on the same input), and the table shows medians and the ratio
 * (how many times better than the anchor; > 1 is faster). Targets are checked here, in the output (PASS/FAIL),
 * not in timed tests.
 *
 *   node bench/run.mjs [--quick] [--only NAME[,NAME...]] [--out bench/results/latest.json] [--readme README.md]
 *   node bench/run.mjs --render bench/results/latest.json [--readme README.md]   (print / publish a saved run)
 *
 * --quick uses smaller inputs (a few minutes); --only runs the named measures (see the list printed by --help);
 * --readme rewrites the block between `<!-- bench:start -->` and `<!-- bench:end -->` of that file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { log, machine } from './bench-lib.mjs';

const MEASURES = ['splitter', 'statistics', 'response-cache', 'model-call', 'chroma', 'embedding', 'metrics', 'llama'];

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  process.stdout.write(`usage: node bench/run.mjs [--quick] [--only ${MEASURES.join(',')}] [--out FILE] [--readme FILE]\n`);
  process.exit(0);
}
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const quick = argv.includes('--quick');
const only = option('--only')?.split(',').map((name) => name.trim()).filter(Boolean);
for (const name of only ?? []) {
  if (!MEASURES.includes(name)) {
    process.stderr.write(`bench: unknown measure "${name}" (--only); known: ${MEASURES.join(', ')}\n`);
    process.exit(2);
  }
}
const out = resolve(option('--out') ?? 'bench/results/latest.json');
const readme = option('--readme');
const render = option('--render');
if (render) {
  const table = markdownTable(JSON.parse(await readFile(render, 'utf8')));
  process.stdout.write(`${table}\n`);
  if (readme) await publish(readme, table);
  process.exit(0);
}

const started = Date.now();
const results = [];
const skipped = [];
for (const name of only ?? MEASURES) {
  const module = await import(`./measures/${name}.mjs`);
  log(`\n== ${name}: ${module.description}`);
  const measureStart = performance.now();
  try {
    const outcome = await module.run({ quick, log });
    results.push(...outcome.rows);
    if (outcome.skipped) skipped.push(...outcome.skipped.map((reason) => ({ measure: name, reason })));
  } catch (error) {
    skipped.push({ measure: name, reason: `failed: ${error instanceof Error ? error.message : String(error)}` });
    log(error instanceof Error ? error.stack : String(error));
  }
  log(`   (${((performance.now() - measureStart) / 1000).toFixed(1)} s)`);
}

const report = {
  measuredAt: new Date().toISOString(),
  command: `node bench/run.mjs${quick ? ' --quick' : ''}${only ? ` --only ${only.join(',')}` : ''}`,
  quick,
  machine: machine(),
  durationSeconds: Number(((Date.now() - started) / 1000).toFixed(1)),
  rows: results,
  skipped,
};
await mkdir(dirname(out), { recursive: true });
await writeFile(`${out}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
await rename(`${out}.tmp`, out);

const table = markdownTable(report);
process.stdout.write(`${table}\n`);
process.stdout.write(`\nwritten: ${out}\n`);
if (readme) await publish(readme, table);
const failed = results.filter((item) => item.target && !item.target.pass);
if (failed.length > 0) process.stdout.write(`\n${failed.length} target(s) FAILED\n`);

async function publish(file, table) {
  const text = await readFile(file, 'utf8');
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start) {
    process.stderr.write(`bench: ${file} has no <!-- bench:start --> ... <!-- bench:end --> block\n`);
    process.exit(1);
  }
  await writeFile(file, `${text.slice(0, start)}<!-- bench:start -->\n${table}\n${text.slice(end)}`);
  process.stdout.write(`updated: ${file}\n`);
}

function format(value, unit) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

function markdownTable(data) {
  const m = data.machine;
  const lines = [
    `Measured ${data.measuredAt.slice(0, 10)} with \`${data.command}\` in ${Math.round(data.durationSeconds)} s on: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')}. Medians; ratio = how many times better than the anchor (> 1: faster).`,
    '',
    '| measure | case | workspace | anchor (same run) | anchor | ratio | target |',
    '|---|---|---:|---|---:|---:|---|',
  ];
  for (const item of data.rows) {
    const targetText = item.target ? `${item.target.pass ? 'PASS' : 'FAIL'}: ${item.target.text}` : '';
    lines.push(
      `| ${item.measure} | ${item.name}${item.note ? ` (${item.note})` : ''} | ${format(item.value, item.unit)} | ${item.anchor?.name ?? '—'} | ${item.anchor ? format(item.anchor.value, item.anchor.unit ?? item.unit) : '—'} | ${item.ratio === null ? '—' : `${item.ratio.toFixed(2)}×`} | ${targetText} |`,
    );
  }
  for (const note of data.notes ?? []) lines.push('', note);
  if (data.skipped.length > 0) {
    lines.push('', 'Not measured in this run:', '');
    for (const item of data.skipped) lines.push(`- **${item.measure}**: ${item.reason}`);
  }
  return lines.join('\n');
}
