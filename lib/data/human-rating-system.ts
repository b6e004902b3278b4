/**
 * The systems rated in the ECG-LLM human evaluation: display labels and a sensible order.
 *
 * The CSVs name systems verbatim as `LLama 3.1 8B + RAG`, `Finetuned 70B: r=256, alpha=128`,
 * `Claude 3.7 Sonnet` (docs/authors-pipeline.md §5.6). The verbatim string stays the identity of a system
 * everywhere; the label is only for tables and figures.
 */

/** What a system string says about the system. */
export interface HumanRatingSystem {
  /** The string exactly as in the CSV. */
  system: string;
  /** A readable label, e.g. `Llama 3.1 8B + RAG`, `Finetuned 70B (r=256, α=128)`. */
  label: string;
  /** `base`, `rag`, `finetuned`, `api` (Claude) or `other` (a string this module does not recognise). */
  kind: 'base' | 'rag' | 'finetuned' | 'api' | 'other';
  /** Model size in billions of parameters when known (8, 70). */
  sizeBillions: number | null;
  /** LoRA rank and alpha of a finetuned system. */
  loraRank: number | null;
  loraAlpha: number | null;
}

const LLAMA = /^\s*llama\s*3\.1\s+(\d+)\s*b(\s*\+\s*rag)?\s*$/i;
const FINETUNED = /^\s*finetuned\s+(\d+)\s*b\s*:\s*r\s*=\s*(\d+)\s*,\s*alpha\s*=\s*(\d+)\s*$/i;

/**
 * Describes a system string (label, kind, size, LoRA rank/alpha). Unknown strings get their own text, with
 * runs of white space collapsed, as label and kind `other`.
 *
 * @example
 * describeHumanRatingSystem('Finetuned 8B: r=256, alpha=128').label; // 'Finetuned 8B (r=256, α=128)'
 * describeHumanRatingSystem('LLama 3.1 70B + RAG').label;           // 'Llama 3.1 70B + RAG'
 */
export function describeHumanRatingSystem(system: string): HumanRatingSystem {
  const llama = LLAMA.exec(system);
  if (llama) {
    const size = Number(llama[1]);
    const rag = Boolean(llama[2]);
    return { system, label: `Llama 3.1 ${size}B${rag ? ' + RAG' : ''}`, kind: rag ? 'rag' : 'base', sizeBillions: size, loraRank: null, loraAlpha: null };
  }
  const finetuned = FINETUNED.exec(system);
  if (finetuned) {
    const [size, rank, alpha] = [Number(finetuned[1]), Number(finetuned[2]), Number(finetuned[3])];
    return { system, label: `Finetuned ${size}B (r=${rank}, α=${alpha})`, kind: 'finetuned', sizeBillions: size, loraRank: rank, loraAlpha: alpha };
  }
  if (/^\s*claude\b/i.test(system)) {
    return { system, label: system.trim().replace(/\s+/g, ' '), kind: 'api', sizeBillions: null, loraRank: null, loraAlpha: null };
  }
  return { system, label: system.trim().replace(/\s+/g, ' '), kind: 'other', sizeBillions: null, loraRank: null, loraAlpha: null };
}

const KIND_ORDER: Record<HumanRatingSystem['kind'], number> = { base: 0, rag: 1, finetuned: 2, api: 3, other: 4 };

/**
 * Orders systems for tables and figures: Llama 3.1 8B family first (base, + RAG, finetuned by rank then
 * alpha), then the 70B family in the same order, then API models (Claude), then unrecognised strings
 * alphabetically.
 */
export function compareHumanRatingSystems(left: string, right: string): number {
  const a = describeHumanRatingSystem(left);
  const b = describeHumanRatingSystem(right);
  const group = (system: HumanRatingSystem): number => (system.kind === 'api' || system.kind === 'other' ? 1 : 0);
  return (
    group(a) - group(b) ||
    (a.sizeBillions ?? 0) - (b.sizeBillions ?? 0) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.loraRank ?? 0) - (b.loraRank ?? 0) ||
    (a.loraAlpha ?? 0) - (b.loraAlpha ?? 0) ||
    a.label.localeCompare(b.label, 'en')
  );
}
