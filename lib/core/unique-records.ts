/**
 * The check every stage makes where it writes records: no two records with one `id`. Returns the records unchanged,
 * or throws a {@link DuplicateRecordError} naming the file, the id and both positions, before anything is written.
 *
 * @example
 * await writeJsonlAtomic(file, uniqueRecords(documents, file));
 */
import { DuplicateRecordError } from './errors.js';

export function uniqueRecords<Record extends { id: string }>(records: readonly Record[], file: string): readonly Record[] {
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const earlier = seen.get(record.id);
    if (earlier !== undefined) throw new DuplicateRecordError(file, record.id, { records: [earlier + 1, index + 1] });
    seen.set(record.id, index);
  });
  return records;
}
