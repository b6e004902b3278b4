/**
 * The append-only log under the response cache: its exact bytes, what one process sees of another's appends, an
 * unfinished last line, lines longer than the read buffer, and damaged lines reported by number. Expected bytes
 * are written out by hand from the format documented in lib/llm/response-log.ts.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { LOG_HEADER, ResponseLog } from '../../lib/llm/response-log.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory('ecg-llm-log-');
const hash = (digit: string): string => digit.repeat(64);
const entry = (digit: string, reply: string) => ({ keyHash: hash(digit), createdAt: '2026-12-02T07:00:00.000Z', keyText: `{"q":"${digit}"}`, responseText: `{"text":"${reply}"}` });

describe('response log', () => {
  it('writes a header, then per entry an empty line and four tab-separated fields', async () => {
    const log = new ResponseLog(await temporaryDirectory());
    log.append(entry('a', 'one'));
    log.appendMany([entry('b', 'two'), entry('c', 'three')]);
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    const c = 'c'.repeat(64);
    expect(await readFile(log.path, 'utf8')).toBe(
      'ecg-llm response cache\tv1\n' +
        `\n${a}\t2026-12-02T07:00:00.000Z\t{"q":"a"}\t{"text":"one"}\n` +
        `\n${b}\t2026-12-02T07:00:00.000Z\t{"q":"b"}\t{"text":"two"}\n` +
        `\n${c}\t2026-12-02T07:00:00.000Z\t{"q":"c"}\t{"text":"three"}\n`,
    );
    expect(LOG_HEADER).toBe('ecg-llm response cache\tv1');
    expect(log.read(hash('b'))).toEqual({ ...entry('b', 'two'), line: 5 });
    expect(log.all().records.map((record) => record.line)).toEqual([3, 5, 7]);
    log.close();
  });

  it("sees another writer's entries on the next lookup that misses, and the last line of a key wins", async () => {
    const directory = await temporaryDirectory();
    const mine = new ResponseLog(directory);
    const theirs = new ResponseLog(directory); // its own descriptor and index, as another process has
    mine.append(entry('a', 'mine'));
    expect(mine.read(hash('a'))?.responseText).toBe('{"text":"mine"}');
    theirs.append(entry('b', 'theirs'));
    expect(mine.read(hash('b'))?.responseText).toBe('{"text":"theirs"}');
    theirs.append(entry('a', 'refreshed'));
    mine.append(entry('c', 'mine again')); // a write makes its own keys be looked up afresh
    expect(mine.read(hash('c'))?.responseText).toBe('{"text":"mine again"}');
    expect(mine.read(hash('a'))?.responseText).toBe('{"text":"refreshed"}');
    expect(mine.all().records.map((record) => record.keyHash)).toEqual([hash('a'), hash('b'), hash('c')]);
    mine.close();
    theirs.close();
  });

  it('does not read a last line until its newline is written', async () => {
    const directory = await temporaryDirectory();
    const log = new ResponseLog(directory);
    log.append(entry('a', 'one'));
    const line = `\n${hash('d')}\t2026-12-02T07:00:00.000Z\t{"q":"d"}\t{"text":"four"}\n`;
    await appendFile(log.path, line.slice(0, 40));
    expect(log.read(hash('d'))).toBeUndefined();
    expect(log.all().damaged).toEqual([]);
    await appendFile(log.path, line.slice(40));
    expect(log.read(hash('d'))?.responseText).toBe('{"text":"four"}');
    log.close();
  });

  it('reads a line longer than its 4 MiB read buffer whole', async () => {
    const log = new ResponseLog(await temporaryDirectory());
    const long = 'x'.repeat(9 * 1024 * 1024);
    log.appendMany([entry('a', 'short'), entry('b', long), entry('c', 'after')]);
    log.close(); // re-read from the start, as a new process does
    expect(log.read(hash('b'))?.responseText).toBe(`{"text":"${long}"}`);
    expect(log.read(hash('c'))?.line).toBe(7);
    log.close();
  });

  it('reports lines that are not entries by their line number and keeps reading after them', async () => {
    const directory = await temporaryDirectory();
    const log = new ResponseLog(directory);
    log.append(entry('a', 'one'));
    await appendFile(log.path, 'not an entry\n');
    await appendFile(log.path, `${'z'.repeat(64)}\tbad hash\n`);
    log.append(entry('b', 'two'));
    const text = await readFile(log.path, 'utf8');
    // An entry whose fields were altered (a tab removed) is found by its hash but is not an entry.
    await writeFile(log.path, text.replace('\t{"text":"one"}', ' {"text":"one"}'));
    log.close();
    const { records, damaged } = log.all();
    expect(records.map((record) => record.keyHash)).toEqual([hash('b')]);
    expect(damaged.map((item) => item.line)).toEqual([3, 4, 5]);
    expect(log.read(hash('a'))).toBeUndefined();
    log.close();
  });
});
