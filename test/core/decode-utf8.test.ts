import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../lib/core/decode-utf8.js';
import { InputFileError } from '../../lib/core/errors.js';
import { readTextFile } from '../../lib/core/jsonl.js';
import { loadEvidenceQuestions } from '../../lib/rag/evidence-questions.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

const questionLine = '{"id":"q1","document":"axis","question":"What is the normal QRS axis?"}\n';

// The byte-order marks are those of the Unicode Standard 15, Table 2-4 ("Unicode Encoding Scheme Signatures"):
// UTF-16 BE FE FF, UTF-16 LE FF FE, UTF-32 LE FF FE 00 00. Python's `'x'.encode('utf-16')` on a little-endian
// machine writes FF FE followed by UTF-16 LE, which is what Windows Notepad's "Unicode" also saves.
function utf16le(text: string, bom = true): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
}
function utf16be(text: string): Buffer {
  const little = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(little).swap16()]);
}

function caught(work: () => unknown): InputFileError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return error as InputFileError;
  }
  throw new Error('expected an InputFileError');
}

describe('decodeUtf8', () => {
  it('names UTF-16 and UTF-32 by their byte-order marks and NUL patterns, without quoting the bytes', () => {
    const cases: Array<[Buffer, RegExp]> = [
      [utf16le(questionLine), /it is UTF-16 LE \(byte-order mark FF FE\)/],
      [utf16be(questionLine), /it is UTF-16 BE \(byte-order mark FE FF\)/],
      [Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('a\0\0\0', 'latin1')]), /it is UTF-32 LE/],
      [utf16le(questionLine, false), /it is UTF-16 LE without a byte-order mark \(\d+ NUL bytes\)/],
      [Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff]), /binary data, not text \(1 NUL byte\)/],
    ];
    for (const [bytes, expected] of cases) {
      const error = caught(() => decodeUtf8(bytes, 'questions.jsonl'));
      expect(error.message).toMatch(/^questions\.jsonl: not UTF-8 text: /);
      expect(error.message).toMatch(expected);
      expect(error.message).not.toContain('\0');
      expect(error.message).not.toContain('normal QRS');
      expect(typeof error.details.encoding).toBe('string');
    }
  });

  it('names the line of the first byte that is not UTF-8 (a Latin-1 "é" is the single byte E9)', () => {
    const error = caught(() => decodeUtf8(Buffer.concat([Buffer.from('line one\nline two\nP'), Buffer.from([0xe9]), Buffer.from('riode\n')]), 'notes.md'));
    expect(error.location).toEqual({ file: 'notes.md', line: 3 });
    expect(error.message).toMatch(/^notes\.md:3: not valid UTF-8 text/);
  });

  it('accepts UTF-8, with or without its byte-order mark EF BB BF', () => {
    expect(decodeUtf8(Buffer.from('Période PR\n'), 'a.md')).toBe('Période PR\n');
    expect(decodeUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n')]), 'a.csv')).toBe('a,b\n');
  });

  it('guards every text input read through readTextFile, and the RAG question file', async () => {
    const directory = await temporaryDirectory();
    const file = join(directory, 'questions.jsonl');
    await writeFile(file, utf16le(questionLine));
    await expect(readTextFile(file)).rejects.toThrow(`${file}: not UTF-8 text: it is UTF-16 LE (byte-order mark FF FE)`);
    const error = await loadEvidenceQuestions(file, []).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).message).toMatch(/not UTF-8 text: it is UTF-16 LE/);
    expect((error as InputFileError).message).not.toContain('\0');
  });
});
