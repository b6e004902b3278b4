import { describe, expect, it } from 'vitest';
import { environmentSecrets, redactSecrets, redactText } from '../../lib/core/secrets.js';

describe('redactSecrets', () => {
  it('redacts secret-named members and credential-shaped strings, deeply', () => {
    const value = {
      provider: 'anthropic',
      apiKey: 'anything-at-all',
      nested: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz', note: 'key sk-ant-api03-AAAAAAAAAAAAAAAAAAAA end' },
      list: ['hf_abcdefghijklmnopqrstuv', 'plain'],
      maxTokens: 100,
    };
    expect(redactSecrets(value)).toEqual({
      provider: 'anthropic',
      apiKey: '[redacted]',
      nested: { authorization: '[redacted]', note: 'key [redacted] end' },
      list: ['[redacted]', 'plain'],
      maxTokens: 100,
    });
  });

  it('removes the values of secret environment variables from text', () => {
    const secrets = environmentSecrets({ MY_SERVICE_TOKEN: 'local-secret-123', HOME: '/root' });
    expect(secrets).toEqual(['local-secret-123']);
    expect(redactText('failed with local-secret-123 in header', secrets)).toBe('failed with [redacted] in header');
  });
});

describe('isSecretName', () => {
  it('tells credential names from token counts', async () => {
    const { isSecretName } = await import('../../lib/core/secrets.js');
    expect(['token', 'HF_TOKEN', 'authToken', 'ANTHROPIC_API_KEY', 'x-api-key', 'password'].map(isSecretName)).toEqual([true, true, true, true, true, true]);
    expect(['maxTokens', 'max_tokens', 'inputTokens', 'tokens', 'tokenCount', 'model'].map(isSecretName)).toEqual([false, false, false, false, false, false]);
  });
});
