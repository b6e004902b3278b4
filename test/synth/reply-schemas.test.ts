import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mcReplySchema, qaReplySchema, replyEnvelopeFor } from '../../lib/synth/reply-schemas.js';

describe('replyEnvelopeFor', () => {
  it('gives the provider the strict JSON schema but parses only the items array', () => {
    expect(z.toJSONSchema(replyEnvelopeFor('qa'))).toEqual(z.toJSONSchema(qaReplySchema));
    expect(z.toJSONSchema(replyEnvelopeFor('mc'))).toEqual(z.toJSONSchema(mcReplySchema));
    const mcItems = (z.toJSONSchema(replyEnvelopeFor('mc')) as unknown as { properties: { items: { items: { properties: { options: unknown } } } } })
      .properties.items.items.properties.options;
    expect(mcItems).toMatchObject({ minItems: 4, maxItems: 4 });
    // A reply with one broken item still parses; the item is checked later on its own.
    expect(replyEnvelopeFor('mc').safeParse({ items: [{ question: 'q', options: [] }, 'junk'] }).success).toBe(true);
    expect(replyEnvelopeFor('qa').safeParse({ pairs: [] }).success).toBe(false);
  });
});
