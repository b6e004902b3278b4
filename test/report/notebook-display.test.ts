import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { runNotebooks } from '../../lib/notebooks/run-notebooks.js';
import { displayBundle, PLOTLY_MIME_TYPE } from '../../lib/report/notebook-display.js';
import { notebookJson } from '../helpers/notebook-file.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

describe('notebook display (real tslab kernel)', () => {
  it('sends figures as plotly JSON with a PNG fallback, and tables as HTML with Markdown text', async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, 'notebooks'));
    await symlink(join(repositoryRoot, 'dist'), join(root, 'dist'));
    await writeFile(
      join(root, 'notebooks', '01-display.ipynb'),
      notebookJson([
        {
          source:
            "import { displayFigure, displayTable, toDataFrame } from '../dist/index.js';\n" +
            "await displayFigure({ data: [{ type: 'bar', x: ['a', 'b'], y: [1, 2] }], layout: { title: { text: 'Demo' } } });",
        },
        { source: "displayTable(toDataFrame([{ system: 'A', n: 3 }, { system: 'B', n: 5 }]), { caption: 'Counts' });" },
      ]),
    );
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const { outcomes } = await runNotebooks({ paths, cellTimeoutSeconds: 120 });
    const executed = JSON.parse(await readFile(outcomes[0]!.executedCopy, 'utf8')) as {
      cells: Array<{ outputs: Array<{ output_type: string; data?: Record<string, unknown> }> }>;
    };
    const figure = executed.cells[0]!.outputs.find((output) => output.output_type === 'display_data')!;
    expect(Object.keys(figure.data!).sort()).toEqual([PLOTLY_MIME_TYPE, 'image/png', 'text/plain'].sort());
    expect(String(figure.data!['image/png']).slice(0, 8)).toBe('iVBORw0K'); // base64 of the PNG signature
    expect((figure.data![PLOTLY_MIME_TYPE] as { data: unknown[] }).data).toHaveLength(1);
    const table = executed.cells[1]!.outputs.find((output) => output.output_type === 'display_data')!;
    expect([table.data!['text/html']].flat().join('')).toContain('<caption>Counts</caption>');
    expect([table.data!['text/plain']].flat().join('')).toBe('| system | n |\n| --- | ---: |\n| A | 3 |\n| B | 5 |\n');
  }, 120_000);

  it('prints the text part outside a notebook', () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((text: string) => written.push(text) > 0) as unknown as typeof process.stdout.write;
    try {
      displayBundle({ 'text/plain': 'hello', 'text/html': '<b>hello</b>' });
    } finally {
      process.stdout.write = original;
    }
    expect(written).toEqual(['hello\n']);
  });
});
