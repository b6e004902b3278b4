/**
 * The plotly.js browser bundle shipped with the `plotly.js` package, inlined into rendering pages and HTML
 * reports so that they work offline (no CDN).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** plotly.js bundles from smallest to largest, with the trace types each contains (plotly.js dist/README.md). */
const PARTIAL_BUNDLES: Array<{ name: string; traces: ReadonlySet<string> }> = [
  { name: 'plotly-basic.min.js', traces: new Set(['bar', 'pie', 'scatter']) },
  {
    name: 'plotly-cartesian.min.js',
    traces: new Set(['bar', 'box', 'contour', 'heatmap', 'histogram', 'histogram2d', 'histogram2dcontour', 'image', 'pie', 'scatter', 'scatterternary', 'violin']),
  },
];

const cache = new Map<string, Promise<string>>();

/**
 * Path of the smallest plotly.js bundle that can draw every given trace type (the full `plotly.min.js` when
 * no partial bundle covers them). Trace types default to `scatter`, as in plotly.
 */
export function plotlyBundlePath(traceTypes: Iterable<string> = ['*']): string {
  const require = createRequire(import.meta.url);
  const directory = join(dirname(require.resolve('plotly.js/package.json')), 'dist');
  const needed = [...traceTypes];
  const partial = PARTIAL_BUNDLES.find((bundle) => needed.every((type) => bundle.traces.has(type)));
  return join(directory, partial?.name ?? 'plotly.min.js');
}

/** The text of a plotly.js bundle covering the given trace types (default: the full bundle). Read once. */
export function readPlotlyBundle(traceTypes: Iterable<string> = ['*']): Promise<string> {
  const path = plotlyBundlePath(traceTypes);
  let text = cache.get(path);
  if (!text) {
    text = readFile(path, 'utf8');
    cache.set(path, text);
  }
  return text;
}

/** The plotly.js version bundled. */
export async function plotlyVersion(): Promise<string> {
  const require = createRequire(import.meta.url);
  return (require('plotly.js/package.json') as { version: string }).version;
}
