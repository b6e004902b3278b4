import { describe, expect, it } from 'vitest';
import { chatRecordSchema, mcChatRecord, qaChatRecord } from '../../lib/synth/chat-records.js';

describe('chat records', () => {
  it('formats Q&A as question → answer', () => {
    expect(qaChatRecord({ question: 'What is a U wave?', answer: 'A small deflection after the T wave.' })).toEqual({
      messages: [
        { role: 'user', content: 'What is a U wave?' },
        { role: 'assistant', content: 'A small deflection after the T wave.' },
      ],
    });
  });

  it("formats multiple choice in the authors' training phrasing (authors-pipeline.md §3.5)", () => {
    const record = mcChatRecord({ question: 'Which lead is bipolar?', options: ['V1', 'aVR', 'II', 'V6'], answer: 'C' });
    expect(record.messages).toEqual([
      { role: 'user', content: 'Answer the following multiple-choice question: Which lead is bipolar? A) V1 B) aVR C) II D) V6' },
      { role: 'assistant', content: 'The correct answer is C.' },
    ]);
    expect(chatRecordSchema.parse(record)).toEqual(record);
  });
});
