import { describe, expect, it } from 'vitest';
import { hashCanonical } from '../../lib/core/canonical-json.js';
import { evaluationSystemId } from '../../lib/evaluation/evaluation-system.js';

describe('evaluationSystemId', () => {
  const base = { provider: 'ollama', model: 'llama3.1:8b', generation: { temperature: 0, seed: 42 } };

  it('is the readable model name plus 8 hex digits of the sha256 of the canonical settings', () => {
    // The identity hashed: provider, model, generation, rag, adapter, base (defaults filled in).
    const expected = hashCanonical({ provider: 'ollama', model: 'llama3.1:8b', generation: { temperature: 0, seed: 42 }, rag: null, adapter: null, base: true }).slice(0, 8);
    expect(evaluationSystemId(base)).toBe(`llama3.1-8b-${expected}`);
  });

  it('does not depend on where the server runs, and changes with any setting that changes replies', () => {
    expect(evaluationSystemId({ ...base, host: 'http://gpu-node:11434' })).toBe(evaluationSystemId(base));
    expect(evaluationSystemId({ ...base, provider: 'openai' })).not.toBe(evaluationSystemId(base));
    expect(evaluationSystemId({ ...base, generation: { temperature: 0.1, seed: 42 } })).not.toBe(evaluationSystemId(base));
    expect(evaluationSystemId({ ...base, rag: { topK: 20, rerank: true, keep: 5 } })).not.toBe(evaluationSystemId(base));
    expect(evaluationSystemId({ ...base, adapter: { sha256: 'a'.repeat(64), baseModel: 'llama3.1:8b' } })).not.toBe(evaluationSystemId(base));
    expect(evaluationSystemId({ ...base, label: 'Llama 8B + RAG' })).toMatch(/^Llama-8B-\+-RAG-[0-9a-f]{8}$/);
  });
});
