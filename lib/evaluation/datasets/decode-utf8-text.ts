/**
 * Strict UTF-8 decoding of a dataset file. A file that is not UTF-8 text is refused with an
 * {@link InputFileError} that says what was found and where — never the bytes themselves, which may be
 * binary or personal data.
 */
import { InputFileError } from '../../core/errors.js';

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
  return line;
}

/** Byte offset of the first malformed UTF-8 sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let minimum: number;
    if (lead >= 0xc2 && lead <= 0xdf) [length, minimum] = [2, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [length, minimum] = [3, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, minimum] = [4, 0x10000];
    else return index;
    if (index + length > bytes.length) return index;
    let codePoint = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[index + k] as number;
      if ((next & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += length;
  }
  return -1;
}

/**
 * Decodes `bytes` as UTF-8 text. A UTF-8 byte-order mark is dropped (it is valid UTF-8). Refused, naming the
 * file and, where it applies, the line:
 * - a UTF-16 or UTF-32 byte-order mark (the file is in another encoding);
 * - a NUL byte (binary data or UTF-16 without a byte-order mark);
 * - a malformed UTF-8 sequence (e.g. Latin-1 or Windows-1252 text).
 *
 * @example
 * decodeUtf8Text(await readFile(path), path); // the text, or an InputFileError "not UTF-8 …"
 */
export function decodeUtf8Text(bytes: Uint8Array, file: string): string {
  const startsWith = (...prefix: number[]): boolean => prefix.every((byte, index) => bytes[index] === byte);
  if (startsWith(0x00, 0x00, 0xfe, 0xff) || startsWith(0xff, 0xfe, 0x00, 0x00)) {
    throw new InputFileError({ file }, 'not UTF-8: the file starts with a UTF-32 byte-order mark; save it as UTF-8', { encoding: 'utf-32' });
  }
  if (startsWith(0xfe, 0xff) || startsWith(0xff, 0xfe)) {
    throw new InputFileError({ file }, 'not UTF-8: the file starts with a UTF-16 byte-order mark; save it as UTF-8', { encoding: 'utf-16' });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new InputFileError(
      { file, line: lineAt(bytes, nul) },
      'not UTF-8 text: it contains NUL bytes (binary data, or UTF-16 without a byte-order mark)',
      { byteOffset: nul },
    );
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    throw new InputFileError(
      { file, line: lineAt(bytes, invalid) },
      `not UTF-8: malformed byte sequence at byte ${invalid} (perhaps Latin-1 or Windows-1252); save the file as UTF-8`,
      { byteOffset: invalid },
    );
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
