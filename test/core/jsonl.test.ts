import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputFileError, NotFoundError } from '../../lib/core/errors.js';
import { readJson, readJsonl } from '../../lib/core/jsonl.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();
const itemSchema = z.object({ question: z.string().min(1), options: z.array(z.object({ text: z.string() })).length(4) });

describe('readJsonl', () => {
  it('names the file, line and field of the first invalid record', async () => {
    const directory = await temporaryDirectory();
    const file = join(directory, 'mc.jsonl');
    const good = { question: 'Q', options: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }] };
    const bad = { question: 'Q', options: [{ text: 'a' }, { text: 'b' }, { text: 3 }, { text: 'd' }] };
    await writeFile(file, `${JSON.stringify(good)}\n\n${JSON.stringify(bad)}\n`);
    const error = await readJsonl(file, itemSchema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).location).toEqual({ file, line: 3, field: 'options[2].text' });
    expect((error as InputFileError).message).toMatch(/mc\.jsonl:3 \(field "options\[2\]\.text"\)/);
  });

  it('reports malformed JSON with its line, and a missing file as NotFoundError', async () => {
    const directory = await temporaryDirectory();
    const file = join(directory, 'x.jsonl');
    await writeFile(file, '{"question":"Q"\n');
    await expect(readJsonl(file, itemSchema)).rejects.toThrow(/x\.jsonl:1: not valid JSON/);
    await expect(readJsonl(join(directory, 'missing.jsonl'), itemSchema)).rejects.toBeInstanceOf(NotFoundError);
    await expect(readJson(join(directory, 'missing.json'), itemSchema)).rejects.toBeInstanceOf(NotFoundError);
  });
});
