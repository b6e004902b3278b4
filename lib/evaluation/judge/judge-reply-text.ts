/**
 * Helpers shared by the judge's verdict parsers: removing a reasoning model's `<think>…</think>` block and
 * finding the JSON object in a reply (bare, in a ```json fence, or embedded in prose).
 */

/**
 * The reply without `<think>…</think>` blocks (DeepSeek-R1 and other reasoning models write them before the
 * answer; the authors' `remove_think_tags` did the same, authors-pipeline §5.5). An unclosed `<think>` drops
 * everything after it.
 */
export function stripReasoning(reply: string): string {
  return reply.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/<think>[\s\S]*$/i, '').trim();
}

/** The balanced `{…}` substring starting at `start` (string-aware), or undefined. */
function balancedObject(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') depth++;
    else if (character === '}') {
      depth--;
      if (depth === 0) return text.slice(start, index + 1);
    }
  }
  return undefined;
}

/**
 * The last JSON object in the text that parses: a ```json fenced block first, then any balanced `{…}`.
 * Returns undefined when there is none.
 */
export function findJsonObject(text: string): Record<string, unknown> | undefined {
  const candidates: string[] = [];
  for (const match of text.matchAll(/```(?:json)?\s*([\s\S]*?)```/gi)) candidates.push((match[1] ?? '').trim());
  for (let index = text.indexOf('{'); index !== -1; index = text.indexOf('{', index + 1)) {
    const object = balancedObject(text, index);
    if (object) candidates.push(object);
  }
  let found: Record<string, unknown> | undefined;
  for (const candidate of candidates) {
    try {
      const value = JSON.parse(candidate) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) found = value as Record<string, unknown>;
    } catch {
      // not JSON; try the next candidate
    }
  }
  return found;
}

/** A trimmed, non-empty string or null. */
export function nonEmpty(text: string | undefined | null): string | null {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
}
