/**
 * Renders plotly figure specs to PNG and SVG files with headless Chromium: the same plotly.js that draws the
 * figure in a notebook draws it here, so the files match what users see.
 *
 * @example
 * const files = await renderFigure(spec, { name: 'human-eval-categories' });
 * // files.png === '<workspace>/figures/human-eval-categories.png', files.svg likewise
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { writeFileAtomic } from '../core/atomic-file.js';
import { InvalidArgumentError, ServiceError } from '../core/errors.js';
import { resolveWorkspacePaths } from '../core/paths.js';
import { CHROMIUM_FLAGS, findChromium } from './chromium.js';
import { figureSpecSchema, withFigureStyle, type FigureSpec } from './figure-spec.js';
import { readPlotlyBundle } from './plotly-bundle.js';

export type FigureFormat = 'png' | 'svg';

export interface RenderOptions {
  /** File name without extension (letters, digits, `.`, `_`, `-`). */
  name: string;
  /** Output folder (default: the workspace's figures/ folder). */
  directory?: string;
  formats?: FigureFormat[];
  width?: number;
  height?: number;
  /** Pixel ratio of the PNG (2 gives print-quality images). */
  scale?: number;
}

export interface RenderedFigure {
  png?: string;
  svg?: string;
}

/** A page in headless Chromium with plotly.js loaded, reused for several figures. */
export class FigureRenderer {
  private constructor(private readonly browser: Browser, private readonly page: Awaited<ReturnType<Browser['newPage']>>) {}

  /** Starts Chromium and loads plotly.js into a blank page. Call `close()` when done. */
  static async start(): Promise<FigureRenderer> {
    let browser: Browser;
    try {
      // Loaded here, not at module load: playwright-core costs about a second of start-up to every importer
      // (the command line, notebooks that never render a file).
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS, timeout: 60_000 });
    } catch (error) {
      if (error instanceof Error && error.name === 'ConfigurationError') throw error;
      throw new ServiceError('chromium', `could not start headless Chromium: ${(error as Error).message}`, {}, { cause: error });
    }
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body><div id="figure"></div></body></html>');
    await page.addScriptTag({ content: await readPlotlyBundle() });
    return new FigureRenderer(browser, page);
  }

  /** Renders one spec to image data: PNG as bytes, SVG as text. */
  async toImage(spec: FigureSpec, format: FigureFormat, size: { width: number; height: number; scale: number }): Promise<Buffer | string> {
    const styled = withFigureStyle(figureSpecSchema.parse(spec));
    const dataUrl = await this.page.evaluate(
      async ({ figure, imageFormat, width, height, scale }) => {
        const plotly = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
        return plotly.toImage(
          { data: figure.data, layout: figure.layout, config: { ...(figure.config ?? {}), staticPlot: true } },
          { format: imageFormat, width, height, scale },
        );
      },
      { figure: styled, imageFormat: format, ...size },
    );
    if (format === 'png') return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    const comma = dataUrl.indexOf(',');
    const header = dataUrl.slice(0, comma);
    const body = dataUrl.slice(comma + 1);
    return header.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
  }

  /** Renders a spec to files. */
  async render(spec: FigureSpec, options: RenderOptions): Promise<RenderedFigure> {
    if (!/^[A-Za-z0-9._-]+$/.test(options.name)) {
      throw new InvalidArgumentError('name', `figure names use letters, digits, ".", "_" and "-" only; got "${options.name}"`);
    }
    const directory = options.directory ?? resolveWorkspacePaths().figures;
    const size = { width: options.width ?? 900, height: options.height ?? 560, scale: options.scale ?? 2 };
    const result: RenderedFigure = {};
    for (const format of options.formats ?? ['png', 'svg']) {
      const image = await this.toImage(spec, format, format === 'svg' ? { ...size, scale: 1 } : size);
      const path = join(directory, `${options.name}.${format}`);
      await writeFileAtomic(path, image);
      result[format] = path;
    }
    return result;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Renders one figure to PNG and SVG (starts and stops Chromium; use FigureRenderer for many figures). */
export async function renderFigure(spec: FigureSpec, options: RenderOptions): Promise<RenderedFigure> {
  const renderer = await FigureRenderer.start();
  try {
    return await renderer.render(spec, options);
  } finally {
    await renderer.close();
  }
}

/** Renders a figure to PNG bytes (for notebook display fallbacks and reports). */
export async function renderFigurePng(spec: FigureSpec, size: { width?: number; height?: number; scale?: number } = {}): Promise<Buffer> {
  const renderer = await FigureRenderer.start();
  try {
    return (await renderer.toImage(spec, 'png', { width: size.width ?? 900, height: size.height ?? 560, scale: size.scale ?? 1 })) as Buffer;
  } finally {
    await renderer.close();
  }
}
