/**
 * The recursive character splitter (lib/corpus/recursive-split.ts, the paper's 1024/100 settings) against
 * LangChain JS's `RecursiveCharacterTextSplitter` (@langchain/textsplitters) on a generated markdown corpus,
 * in the same run; the chunks must be identical (checked every run).
 */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { dist, median, row, target, timeRepeats } from '../bench-lib.mjs';

export const description = 'recursive splitter vs @langchain/textsplitters on generated markdown (50 MB; 5 MB with --quick)';

const WORDS = ('the P wave precedes QRS complex atrial depolarisation ventricular repolarisation interval segment lead axis ' +
  'sinus rhythm bundle branch block ST elevation T inversion QT prolongation torsades de pointes amplitude millivolt').split(' ');

/** Deterministic markdown: headings, paragraphs of 20-200 words, bullet lists, tables, blank-line runs. */
function generateMarkdown(bytes, random) {
  const parts = [];
  let size = 0;
  let section = 0;
  while (size < bytes) {
    let block;
    const kind = random.integer(10);
    if (kind === 0) block = `${'#'.repeat(1 + random.integer(3))} Section ${++section}: ${WORDS[random.integer(WORDS.length)]}`;
    else if (kind === 1) block = Array.from({ length: 2 + random.integer(6) }, () => `- ${Array.from({ length: 3 + random.integer(12) }, () => WORDS[random.integer(WORDS.length)]).join(' ')}`).join('\n');
    else if (kind === 2) block = `| lead | amplitude |\n|---|---|\n${Array.from({ length: 3 + random.integer(5) }, (_, index) => `| V${index + 1} | ${(random.next() * 2).toFixed(2)} mV |`).join('\n')}`;
    else block = Array.from({ length: 20 + random.integer(180) }, () => WORDS[random.integer(WORDS.length)]).join(' ') + '.';
    parts.push(block);
    size += block.length + 2;
  }
  return parts.join(random.integer(8) === 0 ? '\n\n\n' : '\n\n');
}

export async function run({ quick, log }) {
  const { createRandom } = await dist('core/random.js');
  const { splitRecursive } = await dist('corpus/recursive-split.js');
  const megabytes = quick ? 5 : 50;
  const text = generateMarkdown(megabytes * 1_000_000, createRandom('bench-splitter'));
  const settings = { chunkSize: 1024, chunkOverlap: 100 };
  const langchain = new RecursiveCharacterTextSplitter(settings);
  const ours = splitRecursive(text, settings).map((piece) => piece.text);
  const reference = await langchain.splitText(text);
  const same = ours.length === reference.length && ours.every((chunk, index) => chunk === reference[index]);
  log(`   ${megabytes} MB, ${ours.length} chunks; identical to LangChain: ${same}`);
  const repeats = quick ? 3 : 2;
  const workspace = median(await timeRepeats(() => splitRecursive(text, settings), { repeats, warmup: 0 }));
  const anchor = median(await timeRepeats(() => langchain.splitText(text), { repeats, warmup: 0 }));
  return {
    rows: [
      row({
        measure: 'splitter',
        name: `splitRecursive 1024/100, ${megabytes} MB markdown, ${ours.length.toLocaleString('en-US')} chunks`,
        unit: 'ms',
        value: workspace,
        higherIsBetter: false,
        anchor: { name: '@langchain/textsplitters 1.0.2 RecursiveCharacterTextSplitter', value: anchor, unit: 'ms' },
        target: target('byte-identical chunks', same),
      }),
    ],
  };
}
