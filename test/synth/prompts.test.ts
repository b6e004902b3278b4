import { describe, expect, it } from 'vitest';
import { sha256Hex, canonicalJson } from '../../lib/core/canonical-json.js';
import { buildPromptMessages, MC_PROMPT_V1, promptHash, promptTemplate, QA_PROMPT_V1 } from '../../lib/synth/prompts.js';

describe('prompts', () => {
  it('fills count and passage literally (replacement patterns in the passage are not interpreted)', () => {
    const passage = 'Costs $& and $1 stay as written; {count} in the passage stays too.';
    const [system, user] = buildPromptMessages(QA_PROMPT_V1, passage, 4);
    expect(system).toEqual({ role: 'system', content: QA_PROMPT_V1.system });
    expect(user?.role).toBe('user');
    expect(user?.content).toContain('Write up to 4 question-answer pairs');
    expect(user?.content).toContain(`<<<\n${passage}\n>>>`);
  });

  it('keeps the authors\' constraints in both prompts', () => {
    for (const template of [QA_PROMPT_V1, MC_PROMPT_V1]) {
      expect(template.system).toMatch(/answerable from the passage alone/);
      expect(template.system).toMatch(/stand on its own/);
      expect(template.system).toMatch(/figures, tables/);
      expect(template.system).toMatch(/only about medical content/);
      expect(template.system).toMatch(/Write in English/);
    }
    expect(MC_PROMPT_V1.system).toMatch(/exactly four answer options/);
    expect(MC_PROMPT_V1.system).toMatch(/exactly one option is correct/);
  });

  it('hashes the canonical template, so any change of wording changes the hash', () => {
    expect(promptHash(QA_PROMPT_V1)).toBe(sha256Hex(canonicalJson(QA_PROMPT_V1)));
    expect(promptHash({ ...QA_PROMPT_V1, system: `${QA_PROMPT_V1.system} ` })).not.toBe(promptHash(QA_PROMPT_V1));
    expect(promptTemplate('mc-v1')).toBe(MC_PROMPT_V1);
    expect(() => promptTemplate('qa-v0')).toThrow(/unknown prompt version/);
    expect(() => buildPromptMessages(QA_PROMPT_V1, 'x', 0)).toThrow(/positive integer/);
  });
});
