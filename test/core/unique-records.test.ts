import { describe, expect, it } from 'vitest';
import { DuplicateRecordError } from '../../lib/core/errors.js';
import { uniqueRecords } from '../../lib/core/unique-records.js';

describe('uniqueRecords', () => {
  it('passes records with distinct ids and refuses a second record with one id, naming file, id and positions', () => {
    const records = [{ id: 'doc-a' }, { id: 'doc-b' }];
    expect(uniqueRecords(records, 'documents.jsonl')).toBe(records);
    let caught: unknown;
    try {
      uniqueRecords([{ id: 'doc-a' }, { id: 'doc-b' }, { id: 'doc-a' }], 'out/documents.jsonl');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DuplicateRecordError);
    expect((caught as DuplicateRecordError).code).toBe('DUPLICATE_RECORD');
    expect((caught as DuplicateRecordError).message).toBe('out/documents.jsonl: two records with id "doc-a"; every record written must have its own id');
    expect((caught as DuplicateRecordError).details).toMatchObject({ file: 'out/documents.jsonl', id: 'doc-a', records: [1, 3] });
  });
});
