import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../../lib/core/content-hash.js';
import { fileAccessError, InputFileError, NotFoundError } from '../../lib/core/errors.js';
import { readTextFile } from '../../lib/core/jsonl.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

describe('fileAccessError', () => {
  it('names the path of a folder given where a file is read, for text reads and for hashing', async () => {
    const directory = await temporaryDirectory();
    const folder = join(directory, '40_questions.csv');
    await mkdir(folder);
    for (const read of [() => readTextFile(folder), () => hashFile(folder)]) {
      const error = await read().catch((caught: unknown) => caught);
      // Node's own error here is "EISDIR: illegal operation on a directory, read", without the path.
      expect(error).toBeInstanceOf(InputFileError);
      expect((error as InputFileError).location).toEqual({ file: folder });
      expect((error as InputFileError).details.code).toBe('EISDIR');
      expect((error as InputFileError).message).toBe(`${folder}: is a folder, not a file`);
    }
  });

  it('treats a missing file, or a path below a file, as not found', async () => {
    const directory = await temporaryDirectory();
    const file = join(directory, 'data.csv');
    await writeFile(file, 'a\n');
    for (const path of [join(directory, 'missing.csv'), join(file, '10_questions.csv')]) {
      const error = await readTextFile(path).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe(`file not found: ${path}`);
      await expect(hashFile(path)).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('returns errors that are not about access unchanged', () => {
    const other = new RangeError('something else');
    expect(fileAccessError('x.csv', other)).toBe(other);
  });
});
