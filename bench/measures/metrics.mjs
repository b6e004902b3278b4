/**
 * Text metrics of the evaluation stage (lib/evaluation/metrics): Q&A pairs per second for NLTK-compatible sentence
 * BLEU (against NLTK's own `sentence_bleu`, python3-nltk, in the same run), and for sacreBLEU sentence BLEU + ROUGE
 * (rouge1, rouge2, rougeL; against Google's rouge-score package when installed) on the same generated pairs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, median, pythonWith, row, runPython, target, timeRepeats } from '../bench-lib.mjs';

export const description = 'BLEU + ROUGE Q&A pairs per second vs NLTK (and rouge-score when installed)';

const WORDS = ('the QT interval is measured from the start of the QRS complex to the end of the T wave and corrected for heart rate ' +
  'a prolonged interval raises the risk of torsades de pointes in patients on sotalol or with hypokalaemia').split(' ');

export async function run({ quick, log }) {
  const { createRandom } = await dist('core/random.js');
  const { nltkSentenceBleu } = await dist('evaluation/metrics/nltk-sentence-bleu.js');
  const { sentenceBleu } = await dist('evaluation/metrics/sentence-bleu.js');
  const { rougeScore } = await dist('evaluation/metrics/rouge-score.js');
  const random = createRandom('bench-metrics');
  const count = quick ? 500 : 2000;
  const sentence = () => Array.from({ length: 15 + random.integer(40) }, () => WORDS[random.integer(WORDS.length)]).join(' ');
  const pairs = Array.from({ length: count }, () => {
    const reference = sentence();
    const hypothesis = reference.split(' ').map((word) => (random.integer(4) === 0 ? WORDS[random.integer(WORDS.length)] : word)).join(' ');
    return [hypothesis, reference];
  });
  const repeats = quick ? 3 : 5;
  let nltkSum = 0;
  const nltkMs = median(await timeRepeats(() => {
    nltkSum = 0;
    for (const [hypothesis, reference] of pairs) nltkSum += nltkSentenceBleu(hypothesis, [reference]);
  }, { repeats }));
  const bleuRougeMs = median(await timeRepeats(() => {
    for (const [hypothesis, reference] of pairs) {
      sentenceBleu(hypothesis, [reference]);
      rougeScore(reference, hypothesis, { types: ['rouge1', 'rouge2', 'rougeL'] });
    }
  }, { repeats }));
  const rougeMs = median(await timeRepeats(() => {
    for (const [hypothesis, reference] of pairs) rougeScore(reference, hypothesis, { types: ['rouge1', 'rouge2', 'rougeL'] });
  }, { repeats }));
  const python = pythonWith('nltk');
  const skipped = [];
  let anchor;
  if (python) {
    const folder = await mkdtemp(join(tmpdir(), 'ecg-llm-bench-'));
    try {
      const file = join(folder, 'pairs.json');
      await writeFile(file, JSON.stringify({ pairs, repeats }));
      anchor = runPython(python.python, new URL('../anchors/nltk_bleu.py', import.meta.url).pathname, [file]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    if (anchor.rouge_ms === null) skipped.push('ROUGE anchor: the rouge-score Python package is not installed (not in Debian); ROUGE is timed without an anchor');
  } else skipped.push('python3 with nltk not found (apt-get install python3-nltk): no NLTK anchor');
  const perSecond = (ms) => (count / ms) * 1000;
  log(`   ${count} pairs: nltk-compatible BLEU ${perSecond(nltkMs).toFixed(0)}/s, sacreBLEU + ROUGE ${perSecond(bleuRougeMs).toFixed(0)}/s${anchor ? `, NLTK ${perSecond(median(anchor.bleu_ms)).toFixed(0)}/s` : ''}`);
  const agrees = anchor ? Math.abs(anchor.bleu_sum - nltkSum) <= 1e-9 * Math.max(1, Math.abs(anchor.bleu_sum)) : undefined;
  return {
    rows: [
      row({
        measure: 'text metrics',
        name: `nltkSentenceBleu, ${count} Q&A pairs`,
        unit: 'pairs/s',
        value: perSecond(nltkMs),
        higherIsBetter: true,
        anchor: anchor ? { name: `NLTK ${python.version} sentence_bleu`, value: perSecond(median(anchor.bleu_ms)), unit: 'pairs/s' } : undefined,
        target: anchor ? target('same BLEU values as NLTK (sum over the pairs)', agrees) : undefined,
      }),
      row({
        measure: 'text metrics',
        name: `rougeScore rouge1/2/L, ${count} pairs`,
        unit: 'pairs/s',
        value: perSecond(rougeMs),
        higherIsBetter: true,
        anchor: anchor?.rouge_ms ? { name: 'rouge-score RougeScorer', value: perSecond(median(anchor.rouge_ms)), unit: 'pairs/s' } : undefined,
      }),
      row({ measure: 'text metrics', name: `sentenceBleu (sacreBLEU) + rougeScore, ${count} pairs`, unit: 'pairs/s', value: perSecond(bleuRougeMs), higherIsBetter: true }),
    ],
    skipped,
  };
}
