/**
 * Rich display in Jupyter notebooks run by the tslab kernel. A figure is sent as one display bundle with the
 * plotly MIME type (interactive where the front end has the plotly renderer, e.g. JupyterLab) plus a PNG
 * rendered by headless Chromium as fallback (classic Notebook, GitHub, nbconvert) and a text title.
 * Outside a kernel these functions print a short text instead.
 */
import { createRequire } from 'node:module';
import type * as danfo from 'danfojs';
import { figureTitle, withFigureStyle, type FigureSpec } from './figure-spec.js';
import { dataFrameRows } from './dataframe.js';
import { FigureRenderer } from './render-figure.js';
import { toHtmlTable, toMarkdownTable, type TableOptions, type TableRow } from './table.js';

/** The MIME type plotly's Jupyter renderers display. */
export const PLOTLY_MIME_TYPE = 'application/vnd.plotly.v1+json';

type DisplayWriter = (message: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

function kernelDisplayWriter(): DisplayWriter | undefined {
  try {
    const require = createRequire(import.meta.url);
    const jupyter = require('tslab/dist/jupyter.js') as { lastWriteDisplayData?: DisplayWriter | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** True when running inside a tslab Jupyter kernel that can display rich output. */
export function inNotebook(): boolean {
  return kernelDisplayWriter() !== undefined;
}

/**
 * Sends a multi-MIME display bundle to the notebook (or prints the text/plain part outside one). With
 * `displayId`, a later call with the same id and `update: true` replaces that output in place (Jupyter's
 * `update_display_data`), e.g. a loss curve that grows while a job runs.
 */
export function displayBundle(data: Record<string, unknown>, options: { displayId?: string; update?: boolean } = {}): void {
  const writer = kernelDisplayWriter();
  if (!writer) {
    process.stdout.write(`${String(data['text/plain'] ?? '[rich output]')}\n`);
    return;
  }
  writer({ data, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} }, options.update === true);
}

let sharedRenderer: Promise<FigureRenderer> | undefined;

/** One headless Chromium for the whole notebook session (starting one costs seconds), closed at exit. */
function notebookRenderer(): Promise<FigureRenderer> {
  if (!sharedRenderer) {
    sharedRenderer = FigureRenderer.start();
    sharedRenderer.then(
      (renderer) => process.once('beforeExit', () => void renderer.close()),
      () => (sharedRenderer = undefined),
    );
  }
  return sharedRenderer;
}

/** Displays a figure: interactive plotly where supported, PNG otherwise. */
export async function displayFigure(
  spec: FigureSpec,
  options: { width?: number; height?: number; png?: boolean; displayId?: string; update?: boolean } = {},
): Promise<void> {
  const styled = withFigureStyle(spec);
  const data: Record<string, unknown> = {
    [PLOTLY_MIME_TYPE]: { data: styled.data, layout: { ...styled.layout, ...(options.width ? { width: options.width } : {}) } },
    'text/plain': `<figure: ${figureTitle(spec) ?? 'untitled'}>`,
  };
  if (options.png !== false && inNotebook()) {
    const renderer = await notebookRenderer();
    const png = (await renderer.toImage(styled, 'png', { width: options.width ?? 900, height: options.height ?? 560, scale: 1 })) as Buffer;
    data['image/png'] = png.toString('base64');
  }
  displayBundle(data, { ...(options.displayId ? { displayId: options.displayId } : {}), ...(options.update ? { update: true } : {}) });
}

/** Displays rows or a danfojs DataFrame as an HTML table (Markdown as the text fallback). */
export function displayTable(table: readonly TableRow[] | danfo.DataFrame, options: TableOptions & { caption?: string } = {}): void {
  const rows = Array.isArray(table) ? (table as TableRow[]) : dataFrameRows(table as danfo.DataFrame);
  displayBundle({ 'text/html': toHtmlTable(rows, options), 'text/plain': toMarkdownTable(rows, options) });
}

/** Displays Markdown text. */
export function displayMarkdown(markdown: string): void {
  displayBundle({ 'text/markdown': markdown, 'text/plain': markdown });
}
