/**
 * The LLM response cache (an append-only log with an in-memory index, lib/llm/response-log.ts): put, get and
 * replay of 10,000 and 100,000 entries, in the same run against
 * - a bare append-only file with a Map index (one `write(2)` per entry, `pread(2)` + JSON.parse per read, the same
 *   bytes): the floor of this design, what the workspace adds on top is key hashing, validation and bookkeeping;
 * - where Node ships `node:sqlite` (Node >= 22.13): an SQLite table in WAL mode, synchronous NORMAL, one
 *   transaction per row and all rows in one transaction (the store the workspace measured and did not choose).
 * Entries look like the study's: a system and a user message, a 1,000-character reply.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, row, target } from '../bench-lib.mjs';

export const description = 'response cache put/get/replay at 10,000 and 100,000 entries vs a bare append-only file (and SQLite where node:sqlite exists)';

const WRITE_TARGET = 20_000;
const READ_TARGET = 50_000;
/** Read passes per measure (median reported); writes are one pass of fresh entries. */
const READ_PASSES = 5;

export async function run({ quick, log }) {
  const { ResponseCache, cacheKeyFor, cacheKeyHash } = await dist('llm/response-cache.js');
  const { CachedChatModel } = await dist('llm/cached-chat-model.js');
  const DatabaseSync = await import('node:sqlite').then((module) => module.DatabaseSync, () => undefined);
  const identity = { provider: 'ollama', model: 'llama3.1:8b', digest: 'd'.repeat(64), parameters: {} };
  const reply = (index) => ({ text: `Answer ${index}: `.padEnd(1000, 'QT prolongation raises the risk of torsades. '), model: 'llama3.1:8b', finishReason: 'stop', usage: { inputTokens: 120, outputTokens: 240 } });
  const request = (index) => ({ messages: [{ role: 'system', content: 'You are an expert in electrocardiography. Answer precisely.' }, { role: 'user', content: `Question ${index}: what does a corrected QT interval of 480 ms mean for a patient on sotalol?` }], temperature: 0, seed: 42 });
  const rows = [];
  for (const size of quick ? [10_000] : [10_000, 100_000]) {
    const folder = await mkdtemp(join(tmpdir(), 'ecg-llm-bench-cache-'));
    try {
      const keys = Array.from({ length: size }, (_, index) => cacheKeyFor(identity, request(index)));
      const hashes = keys.map((key) => cacheKeyHash(key));
      const order = shuffled(size);

      // Workspace: sequential awaited puts (each one append), then reads in random order.
      const cache = new ResponseCache(join(folder, 'workspace'));
      let start = performance.now();
      for (let index = 0; index < size; index++) await cache.put(keys[index], reply(index));
      const putRate = size / ((performance.now() - start) / 1000);
      start = performance.now();
      await Promise.all(Array.from({ length: size }, (_, index) => cache.put(keys[index], reply(index))));
      const batchRate = size / ((performance.now() - start) / 1000);
      const getRate = await medianRate(size, async () => {
        for (const index of order) if (!(await cache.get(hashes[index]))) throw new Error(`bench: entry ${index} missing`);
      });
      // What a new process pays once: open the log and index every entry (the first lookup does it).
      cache.close();
      start = performance.now();
      if (!(await cache.get(hashes[0]))) throw new Error('bench: entry 0 missing after reopening');
      const openMs = performance.now() - start;
      // Replay: the cache layer of a model stack in replay mode answering every request (key, hash, lookup).
      const offline = { provider: 'ollama', model: 'llama3.1:8b', chat: () => Promise.reject(new Error('bench: replay reached the model')), describe: async () => ({ role: 'chat', provider: 'ollama', id: 'llama3.1:8b', digest: 'd'.repeat(64), parameters: {} }) };
      await cache.rememberModel(identity);
      const replay = new CachedChatModel(offline, cache, { mode: 'replay' });
      const replayRate = await medianRate(size, async () => {
        for (const index of order) await replay.chat(request(index));
      });
      cache.close();

      // Anchor: a bare append-only file with a Map index holding the same bytes.
      const lines = keys.map((key, index) => Buffer.from(`\n${hashes[index]}\t2026-12-02T00:00:00.000Z\t${JSON.stringify(key)}\t${JSON.stringify(reply(index))}\n`));
      const file = openSync(join(folder, 'bare.log'), 'a+');
      const offsets = new Map();
      let end = 0;
      start = performance.now();
      for (let index = 0; index < size; index++) {
        writeSync(file, lines[index]);
        offsets.set(hashes[index], [end + 1, lines[index].length - 2]);
        end += lines[index].length;
      }
      const barePut = size / ((performance.now() - start) / 1000);
      const bareGet = await medianRate(size, async () => {
        for (const index of order) {
          const [offset, length] = offsets.get(hashes[index]);
          const bytes = Buffer.allocUnsafe(length);
          readSync(file, bytes, 0, length, offset);
          JSON.parse(bytes.toString('utf8', bytes.lastIndexOf(9) + 1));
        }
      });
      closeSync(file);
      start = performance.now();
      await readFile(join(folder, 'bare.log'));
      const readAllMs = performance.now() - start;

      // Second anchor where available: SQLite (WAL, synchronous NORMAL), one transaction per row and one for all.
      let sqlite;
      if (DatabaseSync) {
        const database = new DatabaseSync(join(folder, 'bare.sqlite'));
        database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
        database.exec('CREATE TABLE entries (key_hash TEXT PRIMARY KEY NOT NULL, key TEXT NOT NULL, response TEXT NOT NULL)');
        const insert = database.prepare('INSERT OR REPLACE INTO entries VALUES (?, ?, ?)');
        const select = database.prepare('SELECT response FROM entries WHERE key_hash = ?');
        const keyTexts = keys.map((key) => JSON.stringify(key));
        start = performance.now();
        for (let index = 0; index < size; index++) insert.run(hashes[index], keyTexts[index], JSON.stringify(reply(index)));
        const put = size / ((performance.now() - start) / 1000);
        start = performance.now();
        database.exec('BEGIN');
        for (let index = 0; index < size; index++) insert.run(hashes[index], keyTexts[index], JSON.stringify(reply(index)));
        database.exec('COMMIT');
        const batch = size / ((performance.now() - start) / 1000);
        start = performance.now();
        for (const index of order) JSON.parse(select.get(hashes[index]).response);
        const get = size / ((performance.now() - start) / 1000);
        database.close();
        sqlite = { put, batch, get };
      }

      const count = size.toLocaleString('en-US');
      const sqliteText = sqlite ? `; SQLite: put ${sqlite.put.toFixed(0)}/s, one transaction ${sqlite.batch.toFixed(0)}/s, get ${sqlite.get.toFixed(0)}/s` : '; SQLite anchor: needs node:sqlite (Node >= 22.13)';
      log(`   ${count}: put ${putRate.toFixed(0)}/s (bare ${barePut.toFixed(0)}), same-tick puts ${batchRate.toFixed(0)}/s, get ${getRate.toFixed(0)}/s (bare ${bareGet.toFixed(0)}), replay ${replayRate.toFixed(0)}/s, open ${openMs.toFixed(0)} ms (bare read ${readAllMs.toFixed(0)} ms)${sqliteText}`);
      const anchor = (value) => ({ name: 'bare append-only file + Map index, same bytes', value, unit: '/s' });
      rows.push(
        row({ measure: 'response cache', name: `put, ${count} entries, one at a time`, unit: '/s', value: putRate, higherIsBetter: true, anchor: anchor(barePut), target: target(`>= ${WRITE_TARGET.toLocaleString('en-US')} writes/s`, putRate >= WRITE_TARGET) }),
        row({ measure: 'response cache', name: `put, ${count} entries issued together`, unit: '/s', value: batchRate, higherIsBetter: true, anchor: anchor(barePut), target: target(`>= ${WRITE_TARGET.toLocaleString('en-US')} writes/s`, batchRate >= WRITE_TARGET) }),
        row({ measure: 'response cache', name: `get, ${count} entries, random order`, unit: '/s', value: getRate, higherIsBetter: true, anchor: anchor(bareGet), target: target(`>= ${READ_TARGET.toLocaleString('en-US')} reads/s`, getRate >= READ_TARGET) }),
        row({ measure: 'response cache', name: `open and index ${count} entries (a new process's first lookup)`, unit: 'ms', value: openMs, higherIsBetter: false, anchor: { name: 'bare: read the whole file once', value: readAllMs, unit: 'ms' } }),
        row({ measure: 'response cache', name: `replay: cached model answers ${count} requests`, unit: '/s', value: replayRate, higherIsBetter: true, anchor: anchor(bareGet) }),
      );
      if (sqlite) {
        const sqliteAnchor = (value, how) => ({ name: `SQLite WAL table (node:sqlite), ${how}`, value, unit: '/s' });
        rows.push(
          row({ measure: 'response cache', name: `put, ${count} entries, one at a time, vs SQLite`, unit: '/s', value: putRate, higherIsBetter: true, anchor: sqliteAnchor(sqlite.put, 'one transaction per row') }),
          row({ measure: 'response cache', name: `get, ${count} entries, vs SQLite`, unit: '/s', value: getRate, higherIsBetter: true, anchor: sqliteAnchor(sqlite.get, 'primary-key lookup') }),
        );
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return { rows };
}

/** Reads per second: the median of {@link READ_PASSES} passes over every entry (the first pass warms the JIT). */
async function medianRate(size, pass) {
  const rates = [];
  for (let round = 0; round < READ_PASSES; round++) {
    const start = performance.now();
    await pass();
    rates.push(size / ((performance.now() - start) / 1000));
  }
  return rates.sort((a, b) => a - b)[Math.floor(READ_PASSES / 2)];
}

/** 0..n-1 in a fixed pseudo-random order (a multiplicative permutation; deterministic, no RandomSource needed). */
function shuffled(n) {
  const order = new Array(n);
  for (let index = 0; index < n; index++) order[index] = (index * 7919 + 13) % n;
  return order;
}
