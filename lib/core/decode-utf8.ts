/**
 * Decodes the bytes of a text file as UTF-8, refusing anything else with an {@link InputFileError} that names the
 * file and the encoding it appears to have, and never quotes the bytes themselves (a UTF-16 file printed as text
 * is a screen of NULs).
 *
 * Detection, in this order: a byte-order mark (UTF-32 LE `FF FE 00 00`, UTF-32 BE `00 00 FE FF`, UTF-16 LE
 * `FF FE`, UTF-16 BE `FE FF`; the Unicode Standard, §23.8 and Table 2-4); NUL bytes, which UTF-8 text does not
 * contain — mostly at odd offsets means UTF-16 LE without a BOM, mostly at even offsets UTF-16 BE, else binary
 * data; finally a strict UTF-8 decoding (WHATWG Encoding, `fatal: true`), whose failure is reported with the line
 * of the first malformed byte. A UTF-8 byte-order mark (`EF BB BF`) is accepted and removed.
 *
 * @example
 * decodeUtf8(Buffer.from('a,b\n'), 'q.csv'); // 'a,b\n'
 * decodeUtf8(Buffer.from('\ufeffa', 'utf16le'), 'q.csv'); // throws InputFileError: q.csv: not UTF-8 text: it is UTF-16 LE (byte-order mark FF FE) ...
 */
import { InputFileError } from './errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function bomEncoding(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return 'UTF-32 LE (byte-order mark FF FE 00 00)';
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 BE (byte-order mark 00 00 FE FF)';
  if (b0 === 0xff && b1 === 0xfe) return 'UTF-16 LE (byte-order mark FF FE)';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16 BE (byte-order mark FE FF)';
  return undefined;
}

function nulEncoding(bytes: Uint8Array): string | undefined {
  let even = 0;
  let odd = 0;
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] === 0) {
      if (index % 2 === 0) even++;
      else odd++;
    }
  }
  const nuls = even + odd;
  if (nuls === 0) return undefined;
  const half = Math.floor(bytes.length / 2);
  if (odd >= 0.3 * half && even <= 0.05 * odd) return `UTF-16 LE without a byte-order mark (${nuls} NUL bytes)`;
  if (even >= 0.3 * half && odd <= 0.05 * even) return `UTF-16 BE without a byte-order mark (${nuls} NUL bytes)`;
  return `binary data, not text (${nuls} NUL byte${nuls === 1 ? '' : 's'})`;
}

/** The bytes of `file` as text; throws an {@link InputFileError} (with `details.encoding`) if they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const detected = bomEncoding(bytes) ?? nulEncoding(bytes);
  if (detected !== undefined) {
    throw new InputFileError({ file }, `not UTF-8 text: it is ${detected}. Save it as UTF-8 (e.g. \`iconv -f UTF-16 -t UTF-8\`) and try again`, {
      encoding: detected,
    });
  }
  try {
    const text = strictUtf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    // Multi-byte UTF-8 sequences never contain the byte 0A, so each line decodes on its own: the first that fails
    // holds the first malformed byte.
    let line = 1;
    let lineStart = 0;
    for (let index = 0; index <= bytes.length; index++) {
      if (index === bytes.length || bytes[index] === 0x0a) {
        try {
          strictUtf8.decode(bytes.subarray(lineStart, index));
        } catch {
          break;
        }
        line++;
        lineStart = index + 1;
      }
    }
    throw new InputFileError({ file, line }, 'not valid UTF-8 text (a byte sequence on this line is not UTF-8; Latin-1 or Windows-1252 perhaps). Save it as UTF-8 and try again', { encoding: 'not UTF-8' }, { cause: error });
  }
}
