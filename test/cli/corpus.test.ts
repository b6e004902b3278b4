import { execFile } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readJsonl } from '../../lib/core/jsonl.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { silentProgress } from '../../lib/core/progress.js';
import { main } from '../../lib/cli/main.js';
import { cleaningReportSchema, corpusProfileSchema } from '../../lib/corpus/corpus-records.js';
import { chunkSchema, corpusDocumentSchema } from '../../lib/schemas/corpus.js';
import { runManifestSchema } from '../../lib/schemas/run-manifest.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { AUTHORS_SECTION_TITLES } from '../../lib/corpus/boilerplate-titles.js';
import { runPythonReference } from '../corpus/python-reference.js';
import { loadRagCorpus } from '../../lib/rag/rag-corpus.js';

const execFileAsync = promisify(execFile);
const temporaryDirectory = useTemporaryDirectory();

function capture() {
  let text = '';
  return { write: (chunk: string) => ((text += chunk), true), get text() { return text; } };
}

describe('ecg-llm corpus', () => {
  it('runs on the demo corpus by default and writes documents, chunks, reports, profile and a manifest', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const out = join(root, 'corpus-out');
    const stdout = capture();
    const stderr = capture();
    const code = await main(['corpus', '--out', out], { paths, stdout, stderr, progress: silentProgress });
    expect(stderr.text).toBe('');
    expect(code).toBe(0);
    const documents = await readJsonl(join(out, 'documents.jsonl'), corpusDocumentSchema);
    const chunks = await readJsonl(join(out, 'chunks.jsonl'), chunkSchema);
    const reports = await readJsonl(join(out, 'cleaning-report.jsonl'), cleaningReportSchema);
    const profile = corpusProfileSchema.parse(JSON.parse(await readFile(join(out, 'profile.json'), 'utf8')));
    expect(documents).toHaveLength(27);
    expect(reports).toHaveLength(27);
    expect(profile.chunks).toBe(chunks.length);
    expect(profile.words).toBe(documents.reduce((sum, document) => sum + document.words, 0));
    expect(new Set(chunks.map((chunk) => chunk.splitter))).toEqual(new Set(['recursive-character:1024/100']));
    expect(stdout.text).toMatch(/^corpus: 27 documents \(en 25, de 2\)/);
    const runDirectory = /run: (.*)\n/.exec(stdout.text)![1]!;
    const manifest = runManifestSchema.parse(JSON.parse(await readFile(join(runDirectory, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({ stage: 'corpus', status: 'succeeded', counts: { documents: 27, chunks: chunks.length } });
    expect(manifest.inputs[0]!.files).toBeGreaterThan(27);
    expect(manifest.outputs.map((output) => output.name)).toEqual(['documents', 'chunks', 'cleaning-report', 'profile']);
    // The later stages' built-in demo corpus is exactly this output (same cleaning defaults, same chunks).
    const demo = await loadRagCorpus({ paths });
    expect(demo.documents).toEqual(documents);
    expect(demo.chunks).toEqual(chunks);
  });

  it('reads exactly the 27 demo documents from the folder the README names, each id once (issue 9)', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const out = join(root, 'corpus-out');
    const stderr = capture();
    // On main this folder held the build sources (texts/) beside the packaged documents: 55 documents, 28 ids twice.
    const code = await main(['corpus', '--input', join(repositoryRoot, 'data', 'demo-corpus'), '--out', out], { paths, stdout: capture(), stderr, progress: silentProgress });
    expect(stderr.text).toBe('');
    expect(code).toBe(0);
    const documents = await readJsonl(join(out, 'documents.jsonl'), corpusDocumentSchema);
    const chunks = await readJsonl(join(out, 'chunks.jsonl'), chunkSchema);
    // 27 = the entries of the demo corpus's catalogue.
    const catalogue = JSON.parse(await readFile(join(repositoryRoot, 'data', 'demo-corpus-sources', 'catalogue.json'), 'utf8')) as unknown[];
    expect(catalogue).toHaveLength(27);
    expect(documents).toHaveLength(27);
    expect(new Set(documents.map((document) => document.id)).size).toBe(27);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(chunks.length);
  });

  it('--cleaning legacy reproduces the authors: their own 75 titles unless --boilerplate says otherwise', async () => {
    const root = await temporaryDirectory();
    const paths = resolveWorkspacePaths({ root, packageRoot: repositoryRoot });
    const { mkdir } = await import('node:fs/promises');
    const input = join(root, 'input');
    await mkdir(input);
    // This text has a "Funding" section: not in the authors' list, but in the extended one.
    const name = 'pericarditis-and-st-elevation-mimics.md';
    await copyFile(join(repositoryRoot, 'data', 'demo-corpus-sources', 'texts', name), join(input, name));
    const source = await readFile(join(input, name), 'utf8');
    expect(source).toMatch(/^#+ Funding$/m);
    // Expected: the authors' regex loop in Python's own `re` (test/reference/authors_clean.py), stripped as
    // their merge step strips every part.
    const reference = runPythonReference<{ cleaned: string[] }>('authors_clean.py', { texts: [source], titles: AUTHORS_SECTION_TITLES });
    const legacy = join(root, 'legacy');
    expect(await main(['corpus', '--input', input, '--out', legacy, '--cleaning', 'legacy'], { paths, stdout: capture(), stderr: capture(), progress: silentProgress })).toBe(0);
    const [document] = await readJsonl(join(legacy, 'documents.jsonl'), corpusDocumentSchema);
    expect(document!.text).toBe(reference.cleaned[0]!.trim());
    expect(document!.text).toMatch(/^#+ Funding$/m);
    // Asked for explicitly, the extended list also removes "Funding".
    const extended = join(root, 'extended');
    expect(await main(['corpus', '--input', input, '--out', extended, '--cleaning', 'legacy', '--boilerplate', 'extended'], { paths, stdout: capture(), stderr: capture(), progress: silentProgress })).toBe(0);
    const [extendedDocument] = await readJsonl(join(extended, 'documents.jsonl'), corpusDocumentSchema);
    expect(extendedDocument!.text).not.toMatch(/^#+ Funding$/m);
  });

  it('rejects bad options with exit code 2', async () => {
    const stderr = capture();
    expect(await main(['corpus', '--splitter', 'words'], { stdout: capture(), stderr, progress: silentProgress })).toBe(2);
    expect(stderr.text).toContain('--splitter must be one of chars, tokens, sections, legacy-sections');
    expect(await main(['corpus', '--chunk-size', '100', '--chunk-overlap', '100'], { stdout: capture(), stderr: capture(), progress: silentProgress })).toBe(2);
    const root = await temporaryDirectory();
    const missing = capture();
    expect(await main(['corpus', '--input', join(root, 'nowhere')], { stdout: capture(), stderr: missing, progress: silentProgress })).toBe(2);
    expect(missing.text).toContain(`--input: no such folder: ${join(root, 'nowhere')}`);
    const file = join(root, 'notes.md');
    await writeFile(file, '# Notes\n');
    const notAFolder = capture();
    expect(await main(['corpus', '--input', file], { stdout: capture(), stderr: notAFolder, progress: silentProgress })).toBe(2);
    expect(notAFolder.text).toContain(`--input must be a folder of documents, got the file ${file}`);
  });

  it('as a child process: stops at a broken PDF naming it, and skips it with --skip-unreadable', async () => {
    const root = await temporaryDirectory();
    const input = join(root, 'input');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(input);
    await copyFile(join(repositoryRoot, 'test', 'corpus', 'fixtures', 'broken.pdf'), join(input, 'broken.pdf'));
    await copyFile(join(repositoryRoot, 'data', 'demo-corpus', 'athletes-ecg.pdf'), join(input, 'athletes-ecg.pdf'));
    await writeFile(join(input, 'notes.md'), '# Notes\n\nThe PR interval is measured from the start of the P wave.\n');
    const environment = { ...process.env, ECG_LLM_WORKSPACE: root, ECG_LLM_PROGRESS: 'off' };
    const bin = join(repositoryRoot, 'bin', 'ecg-llm.js');
    const failed = await execFileAsync(process.execPath, [bin, 'corpus', '--input', input, '--out', join(root, 'out')], { env: environment }).catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain(`${join(input, 'broken.pdf')}: not a readable PDF`);
    const passed = await execFileAsync(process.execPath, [bin, 'corpus', '--input', input, '--out', join(root, 'out'), '--skip-unreadable'], { env: environment });
    expect(passed.stdout).toMatch(/^corpus: 2 documents \(en 2\)/);
    expect(passed.stdout).toContain(`skipped ${join(input, 'broken.pdf')}: `);
    const documents = await readJsonl(join(root, 'out', 'documents.jsonl'), corpusDocumentSchema);
    expect(documents.map((document) => document.sourceKind).sort()).toEqual(['markdown', 'pdf']);
  });

  it('as a child process: ends quietly when the reader of its output goes away (`| head`)', async () => {
    const root = await temporaryDirectory();
    const input = join(root, 'input');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(input);
    await writeFile(join(input, 'notes.md'), '# Notes\n\nThe PR interval is measured from the start of the P wave.\n');
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(repositoryRoot, 'bin', 'ecg-llm.js'), 'corpus', '--input', input, '--out', join(root, 'out')], {
      env: { ...process.env, ECG_LLM_WORKSPACE: root, ECG_LLM_PROGRESS: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close the read end before the command writes its summary.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
