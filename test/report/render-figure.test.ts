import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, findChromium } from '../../lib/report/chromium.js';
import { writeHtmlReport } from '../../lib/report/html-report.js';
import { plotlyBundlePath } from '../../lib/report/plotly-bundle.js';
import { FigureRenderer } from '../../lib/report/render-figure.js';
import type { FigureSpec } from '../../lib/report/figure-spec.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

const spec: FigureSpec = {
  data: [
    { type: 'bar', orientation: 'h', y: ['System A', 'System B'], x: [0.6, 0.3], name: 'Correct' },
    { type: 'bar', orientation: 'h', y: ['System A', 'System B'], x: [0.4, 0.7], name: 'Incorrect' },
  ],
  layout: { barmode: 'stack', title: { text: 'Shares by system' } },
};

describe('FigureRenderer (headless Chromium + plotly.js)', () => {
  it('renders PNG and SVG files with the requested size', async () => {
    const directory = await temporaryDirectory();
    const renderer = await FigureRenderer.start();
    try {
      const files = await renderer.render(spec, { name: 'shares', directory, width: 640, height: 400, scale: 2 });
      expect(files).toEqual({ png: join(directory, 'shares.png'), svg: join(directory, 'shares.svg') });
      const png = await readFile(files.png!);
      // PNG signature and IHDR width/height (big-endian at bytes 16-23), PNG specification §5.2/§11.2.2.
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 800]);
      const svg = await readFile(files.svg!, 'utf8');
      expect(svg).toMatch(/^<svg[^>]*width="640" height="400"/);
      expect(svg).toContain('Shares by system');
      expect(svg).toContain('System B');
    } finally {
      await renderer.close();
    }
  }, 60_000);

  it('rejects file names that could escape the figures folder', async () => {
    const renderer = await FigureRenderer.start();
    try {
      await expect(renderer.render(spec, { name: '../evil', directory: '/tmp' })).rejects.toThrow(/letters, digits/);
    } finally {
      await renderer.close();
    }
  }, 60_000);
});

describe('writeHtmlReport', () => {
  it('writes a standalone page that draws its figures offline', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory, 'report.html');
    await writeHtmlReport(
      {
        title: 'Human evaluation <reproduction>',
        sections: [
          { title: 'Shares', paragraphs: ['Stacked shares.'], figure: spec },
          { title: 'Table', table: { rows: [{ system: 'A', n: 3 }] } },
        ],
      },
      path,
    );
    const html = await readFile(path, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('Human evaluation &lt;reproduction&gt;');
    // Only bar traces, so the smallest (basic) bundle is inlined.
    expect(plotlyBundlePath(['bar'])).toMatch(/plotly-basic\.min\.js$/);
    const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS });
    try {
      const context = await browser.newContext({ offline: true });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${path}`);
      await page.waitForSelector('#figure-0 .main-svg', { timeout: 20_000 });
      expect(await page.locator('#figure-0 .bars path').count()).toBe(4);
      expect(requests.filter((url) => !url.startsWith('file://') && !url.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
