/**
 * A record of the provider batches a bulk job submitted. Anthropic's Message Batches run for up to 24 hours and
 * are paid when submitted; a job killed while it waits (`kill -9`, a closed laptop, a cluster time limit) and
 * started again must collect the batch it already submitted, not pay for it a second time. The provider asks
 * the ledger before submitting: a batch remembered under the same key (a hash of the exact requests) is polled
 * and collected instead.
 *
 * {@link fileBatchLedger} keeps the ledger in one JSON file, rewritten atomically after every change, so it
 * survives the process; a synthesis run keeps its ledger in its run folder.
 */
import { z } from 'zod';
import { pathExists, writeJsonAtomic } from '../core/atomic-file.js';
import { readJson } from '../core/jsonl.js';

export interface BatchLedger {
  /** The provider batch id submitted for `key`, if one was recorded. */
  recall(key: string): Promise<string | undefined>;
  /** Records that `batchId` was submitted for `key`. */
  remember(key: string, batchId: string): Promise<void>;
  /** Drops `key` (e.g. after its batch was canceled). */
  forget(key: string): Promise<void>;
}

/** The ledger file: request hash → submitted batch. */
export const batchLedgerFileSchema = z.record(z.string(), z.object({ batchId: z.string().min(1), submittedAt: z.string() }));
export type BatchLedgerFile = z.infer<typeof batchLedgerFileSchema>;

/**
 * A {@link BatchLedger} in a JSON file (created on the first `remember`). Changes are serialised within the
 * process and each one rewrites the file atomically.
 *
 * @example
 * const ledger = fileBatchLedger(run.file('provider-batches.json'));
 * await chatMany(stack.model, items, { useBatchApi: true, batchLedger: ledger });
 */
export function fileBatchLedger(path: string): BatchLedger {
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<BatchLedgerFile> => ((await pathExists(path)) ? readJson(path, batchLedgerFileSchema) : {});
  const change = (update: (entries: BatchLedgerFile) => void): Promise<void> => {
    const next = queue.then(async () => {
      const entries = await read();
      update(entries);
      await writeJsonAtomic(path, entries);
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    recall: async (key) => {
      await queue;
      return (await read())[key]?.batchId;
    },
    remember: (key, batchId) =>
      change((entries) => {
        entries[key] = { batchId, submittedAt: new Date().toISOString() };
      }),
    forget: (key) =>
      change((entries) => {
        delete entries[key];
      }),
  };
}
