import { describe, expect, it } from 'vitest';
import { environmentSecrets, redactSecrets, redactText, redactUrl } from '../../lib/core/secrets.js';

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

describe('redactUrl', () => {
  // The parts of a URL follow RFC 3986 §3 (scheme "://" [userinfo "@"] host [":" port] path ["?" query] ["#" fragment]);
  // userinfo is where `http://user:password@host` puts its credentials (issue 9: `ecg-llm doctor` printed them).
  it('removes userinfo and credential parameters and keeps where the URL points', () => {
    expect(redactUrl('http://user:password@gpu-box:8000/v1')).toBe('http://[redacted]@gpu-box:8000/v1');
    expect(redactUrl('https://host/v1?api_key=abc123&model=x#access_token=zz&state=1')).toBe(
      'https://host/v1?api_key=[redacted]&model=x#access_token=[redacted]&state=1',
    );
    expect(redactUrl('http://h/x?token=t1&key=k2&sig=s3&maxTokens=5')).toBe('http://h/x?token=[redacted]&key=[redacted]&sig=[redacted]&maxTokens=5');
    expect(redactUrl('http://127.0.0.1:11434')).toBe('http://127.0.0.1:11434');
    expect(redactUrl('not a url')).toBe('not a url');
  });

  it('is applied to every URL inside a text, so errors, logs and manifests never carry URL credentials', () => {
    expect(redactText('cannot reach http://alice:s3cret@10.0.0.2:8000/v1 (ECONNREFUSED)')).toBe('cannot reach http://[redacted]@10.0.0.2:8000/v1 (ECONNREFUSED)');
    expect(redactSecrets({ baseUrl: 'http://u:p@h/v1?api_key=zz' })).toEqual({ baseUrl: 'http://[redacted]@h/v1?api_key=[redacted]' });
  });
});
