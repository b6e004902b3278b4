/**
 * The tar reader and writer against the reference implementation, GNU tar 1.34 (the `tar` of Debian): archives
 * GNU tar writes (its own `gnu` format with `L` long-name entries, and POSIX `pax`) must extract to the same
 * bytes, and archives createTar writes must be listed and extracted by GNU tar to the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../../lib/core/errors.js';
import { createTar, extractTar } from '../../../lib/finetune/backends/tar-archive.js';
import { useTemporaryDirectory } from '../../helpers/temporary-directory.js';

const temporary = useTemporaryDirectory('tar-archive-');
const longFolder = 'a-folder-name-that-is-long-enough/'.repeat(4); // 136 characters: needs prefix or pax
const veryLongName = `${'x'.repeat(120)}.bin`; // a single component over 100 bytes: needs a pax/GNU long name

async function sampleTree(root: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {
    'status.json': Buffer.from('{"state":"succeeded"}\n'),
    'adapter/adapter_model.safetensors': Buffer.from(Array.from({ length: 5000 }, (_, index) => (index * 31) % 256)),
    'empty.txt': Buffer.alloc(0),
    'exactly-512.bin': Buffer.alloc(512, 7),
    [`${longFolder}deep.txt`]: Buffer.from('deep\n'),
    [`nested/${veryLongName}`]: Buffer.from('long name\n'),
    'ünïcode-名前.txt': Buffer.from('utf-8 name\n'),
  };
  for (const [path, data] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), data);
  }
  return files;
}

async function expectTree(root: string, files: Record<string, Buffer>): Promise<void> {
  for (const [path, data] of Object.entries(files)) expect((await readFile(join(root, path))).equals(data), path).toBe(true);
}

describe('extractTar', () => {
  for (const format of ['gnu', 'pax', 'ustar'] as const) {
    it(`extracts what GNU tar writes in ${format} format`, async () => {
      const source = await temporary();
      const files = await sampleTree(source);
      const names = format === 'ustar' ? Object.keys(files).filter((name) => !name.includes(veryLongName)) : Object.keys(files);
      const archive = execFileSync('tar', ['-c', `--format=${format}`, '-C', source, ...names]);
      const destination = await temporary();
      // delivered in small, uneven chunks, as from a socket
      const chunks = Array.from({ length: Math.ceil(archive.length / 777) }, (_, index) => archive.subarray(index * 777, (index + 1) * 777));
      const written = await extractTar(Readable.from(chunks), destination);
      expect(written.sort()).toEqual(names.sort());
      await expectTree(destination, Object.fromEntries(names.map((name) => [name, files[name]!])));
    });
  }

  it('strips leading components (Docker names entries of /output "output/...")', async () => {
    const source = await temporary();
    const files = await sampleTree(join(source, 'output'));
    const archive = execFileSync('tar', ['-c', '-C', source, 'output']);
    const destination = await temporary();
    await extractTar(Readable.from([archive]), destination, { stripComponents: 1 });
    await expectTree(destination, files);
  });

  it('refuses absolute paths and paths that climb out of the destination', async () => {
    const source = await temporary();
    await writeFile(join(source, 'evil.txt'), 'x');
    const absolute = execFileSync('tar', ['-c', '-P', join(source, 'evil.txt')]);
    await expect(extractTar(Readable.from([absolute]), await temporary())).rejects.toBeInstanceOf(InputFileError);
    const climbing = execFileSync('tar', ['-c', '-P', '-C', source, '--transform', 's,^,../../,', 'evil.txt']);
    expect(execFileSync('tar', ['-t', '-P'], { input: climbing }).toString()).toBe('../../evil.txt\n');
    await expect(extractTar(Readable.from([climbing]), await temporary())).rejects.toThrow(/leaves the destination/);
  });

  it('refuses a corrupt header and a truncated file', async () => {
    const source = await temporary();
    await writeFile(join(source, 'a.bin'), Buffer.alloc(4096, 1));
    const archive = execFileSync('tar', ['-c', '-C', source, 'a.bin']);
    const corrupt = Buffer.from(archive);
    corrupt[10] = corrupt[10]! ^ 0xff;
    await expect(extractTar(Readable.from([corrupt]), await temporary())).rejects.toThrow(/checksum mismatch/);
    const destination = await temporary();
    await expect(extractTar(Readable.from([archive.subarray(0, 2048)]), destination)).rejects.toThrow(/ends inside file a.bin/);
    // no half-written file under its real name
    await expect(readFile(join(destination, 'a.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('createTar', () => {
  it('writes archives that GNU tar lists and extracts to the same bytes', async () => {
    const source = await temporary();
    const files = await sampleTree(source);
    const archive = await createTar(source, { prefix: 'input', fileMode: 0o444, directoryMode: 0o555 });
    const listing = execFileSync('tar', ['-t', '-v'], { input: archive }).toString();
    expect(listing).toContain('-r--r--r--');
    const names = execFileSync('tar', ['-t'], { input: archive }).toString().trim().split('\n');
    for (const name of Object.keys(files)) expect(names).toContain(`input/${name}`);
    const destination = await temporary();
    execFileSync('tar', ['-x', '-C', destination], { input: archive });
    await expectTree(join(destination, 'input'), files);
  });

  it('round-trips through extractTar', async () => {
    const source = await temporary();
    const files = await sampleTree(source);
    const destination = await temporary();
    await extractTar(Readable.from([await createTar(source, { prefix: 'output' })]), destination, { stripComponents: 1 });
    await expectTree(destination, files);
  });
});
