import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Chat-format training and validation files like the synthesis stage's (Q&A and MC records). */
export async function writeChatDatasets(directory: string, trainRecords = 6, validationRecords = 2): Promise<{ train: string; validation: string }> {
  const record = (index: number): string =>
    JSON.stringify(
      index % 2 === 0
        ? { messages: [{ role: 'user', content: `What does a PR interval of ${120 + index} ms indicate?` }, { role: 'assistant', content: 'A normal atrioventricular conduction time.' }] }
        : { messages: [{ role: 'user', content: 'Answer the following multiple-choice question: Which lead? A) I B) II C) III D) aVR' }, { role: 'assistant', content: 'The correct answer is B.' }] },
    );
  const train = join(directory, 'train-chat.jsonl');
  const validation = join(directory, 'val-chat.jsonl');
  await writeFile(train, `${Array.from({ length: trainRecords }, (_, index) => record(index)).join('\n')}\n`);
  await writeFile(validation, `${Array.from({ length: validationRecords }, (_, index) => record(index + 100)).join('\n')}\n`);
  return { train, validation };
}

/** A syntactically pinned image reference for runtime `none` (the image is recorded, not pulled). */
export const TEST_IMAGE = `docker.io/axolotlai/axolotl@sha256:${'c33b21ad322e49fcc2db6116042cc206c69f26716482fc2902179fa303dd60b4'}`;
