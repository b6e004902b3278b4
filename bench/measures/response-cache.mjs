/**
 * The LLM response cache (SQLite, lib/llm/response-cache.ts): put, get and replay of 10,000 and 100,000 entries,
 * against a bare better-sqlite3 table with the same settings (WAL, synchronous NORMAL) holding the same rows,
 * in the same run. Entries look like the study's: a system and a user message, a 1,000-character reply.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, row, target } from '../bench-lib.mjs';

export const description = 'response cache put/get/replay at 10,000 and 100,000 entries vs a bare better-sqlite3 table';

const WRITE_TARGET = 20_000;
const READ_TARGET = 50_000;

export async function run({ quick, log }) {
  const { ResponseCache, cacheKeyFor, cacheKeyHash } = await dist('llm/response-cache.js');
  const { CachedChatModel } = await dist('llm/cached-chat-model.js');
  const Database = createRequire(import.meta.url)('better-sqlite3');
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

      // Workspace: sequential awaited puts (each its own committed transaction), then reads in random order.
      const cache = new ResponseCache(join(folder, 'workspace'));
      let start = performance.now();
      for (let index = 0; index < size; index++) await cache.put(keys[index], reply(index));
      const putRate = size / ((performance.now() - start) / 1000);
      start = performance.now();
      await Promise.all(Array.from({ length: size }, (_, index) => cache.put(keys[index], reply(index))));
      const batchRate = size / ((performance.now() - start) / 1000);
      start = performance.now();
      for (const index of order) if (!(await cache.get(hashes[index]))) throw new Error(`bench: entry ${index} missing`);
      const getRate = size / ((performance.now() - start) / 1000);
      // Replay: the cache layer of a model stack in replay mode answering every request (key, hash, lookup).
      const offline = { provider: 'ollama', model: 'llama3.1:8b', chat: () => Promise.reject(new Error('bench: replay reached the model')), describe: async () => ({ role: 'chat', provider: 'ollama', id: 'llama3.1:8b', digest: 'd'.repeat(64), parameters: {} }) };
      await cache.rememberModel(identity);
      const replay = new CachedChatModel(offline, cache, { mode: 'replay' });
      start = performance.now();
      for (const index of order) await replay.chat(request(index));
      const replayRate = size / ((performance.now() - start) / 1000);
      cache.close();

      // Anchor: a bare table with the same settings and the same row contents.
      const database = new Database(join(folder, 'bare.sqlite'));
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.exec('CREATE TABLE entries (key_hash TEXT PRIMARY KEY NOT NULL, key TEXT NOT NULL, response TEXT NOT NULL)');
      const insert = database.prepare('INSERT OR REPLACE INTO entries VALUES (?, ?, ?)');
      const select = database.prepare('SELECT key, response FROM entries WHERE key_hash = ?');
      const keyTexts = keys.map((key) => JSON.stringify(key));
      start = performance.now();
      for (let index = 0; index < size; index++) insert.run(hashes[index], keyTexts[index], JSON.stringify(reply(index)));
      const barePut = size / ((performance.now() - start) / 1000);
      start = performance.now();
      database.transaction(() => {
        for (let index = 0; index < size; index++) insert.run(hashes[index], keyTexts[index], JSON.stringify(reply(index)));
      })();
      const bareBatch = size / ((performance.now() - start) / 1000);
      start = performance.now();
      for (const index of order) JSON.parse(select.get(hashes[index]).response);
      const bareGet = size / ((performance.now() - start) / 1000);
      database.close();

      const count = size.toLocaleString('en-US');
      log(`   ${count}: put ${putRate.toFixed(0)}/s (bare ${barePut.toFixed(0)}), same-tick puts ${batchRate.toFixed(0)}/s (bare one transaction ${bareBatch.toFixed(0)}), get ${getRate.toFixed(0)}/s (bare ${bareGet.toFixed(0)}), replay ${replayRate.toFixed(0)}/s`);
      const anchor = (value) => ({ name: 'bare better-sqlite3 table, same settings', value, unit: '/s' });
      rows.push(
        row({ measure: 'response cache', name: `put, ${count} entries, one at a time`, unit: '/s', value: putRate, higherIsBetter: true, anchor: anchor(barePut), target: target(`>= ${WRITE_TARGET.toLocaleString('en-US')} writes/s`, putRate >= WRITE_TARGET) }),
        row({ measure: 'response cache', name: `put, ${count} entries issued together (one transaction)`, unit: '/s', value: batchRate, higherIsBetter: true, anchor: { ...anchor(bareBatch), name: 'bare table, one transaction' }, target: target(`>= ${WRITE_TARGET.toLocaleString('en-US')} writes/s`, batchRate >= WRITE_TARGET) }),
        row({ measure: 'response cache', name: `get, ${count} entries, random order`, unit: '/s', value: getRate, higherIsBetter: true, anchor: anchor(bareGet), target: target(`>= ${READ_TARGET.toLocaleString('en-US')} reads/s`, getRate >= READ_TARGET) }),
        row({ measure: 'response cache', name: `replay: cached model answers ${count} requests`, unit: '/s', value: replayRate, higherIsBetter: true, anchor: anchor(bareGet) }),
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return { rows };
}

/** 0..n-1 in a fixed pseudo-random order (a multiplicative permutation; deterministic, no RandomSource needed). */
function shuffled(n) {
  const order = new Array(n);
  for (let index = 0; index < n; index++) order[index] = (index * 7919 + 13) % n;
  return order;
}
