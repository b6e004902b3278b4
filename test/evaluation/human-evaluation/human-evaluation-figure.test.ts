import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHumanRatings } from '../../../lib/data/import-human-ratings.js';
import { countHumanRatings } from '../../../lib/evaluation/human-evaluation/count-human-ratings.js';
import { humanEvaluationFigure, RATING_CATEGORY_COLOURS } from '../../../lib/evaluation/human-evaluation/human-evaluation-figure.js';
import { figureSpecSchema } from '../../../lib/report/figure-spec.js';
import { humanEvaluationDataDirectory } from '../../helpers/human-eval-data.js';

describe('humanEvaluationFigure', () => {
  it('stacks the four category shares per system, one panel per file, worst to best', async () => {
    const directory = humanEvaluationDataDirectory();
    const counts = [
      ...countHumanRatings(await importHumanRatings(join(directory, '10_questions.csv'))),
      ...countHumanRatings(await importHumanRatings(join(directory, '40_questions.csv'))),
    ];
    const spec = figureSpecSchema.parse(humanEvaluationFigure(counts));
    expect(spec.layout.barmode).toBe('stack');
    expect(spec.data).toHaveLength(8);
    expect(spec.data.map((trace) => trace.name)).toEqual([
      'Incorrect',
      'Partially incorrect',
      'Correct but incomplete',
      'Correct',
      'Incorrect',
      'Partially incorrect',
      'Correct but incomplete',
      'Correct',
    ]);
    expect(spec.data.map((trace) => (trace.marker as { color: string }).color).slice(0, 4)).toEqual(Object.values(RATING_CATEGORY_COLOURS));
    expect(spec.data.map((trace) => trace.showlegend)).toEqual([true, true, true, true, false, false, false, false]);
    expect(spec.data.map((trace) => trace.yaxis)).toEqual(['y', 'y', 'y', 'y', 'y2', 'y2', 'y2', 'y2']);

    // Second panel = 40 questions: 12 systems; LLama 3.1 8B + RAG is 0/6/6/28 of 40 after deduplication
    // (authors-pipeline.md §5.6), i.e. 0, 15, 15, 70 percent.
    const forty = spec.data.slice(4);
    const labels = forty[0]?.y as string[];
    expect(labels).toHaveLength(12);
    const row = labels.indexOf('Llama 3.1 8B + RAG, n=40');
    expect(forty.map((trace) => (trace.x as number[])[row])).toEqual([0, 15, 15, 70]);
    // Every system's shares add up to 100%.
    for (let index = 0; index < labels.length; index++) {
      expect(forty.reduce((sum, trace) => sum + (trace.x as number[])[index]!, 0)).toBeCloseTo(100, 10);
    }
    expect(labels[0]).toBe('Llama 3.1 8B, n=39');
    expect(labels[11]).toBe('Claude 3.7 Sonnet, n=39');
    // The 10-question panel shows the unmarked answer's system with n = 9.
    expect(spec.data[0]?.y as string[]).toContain('Finetuned 8B (r=256, α=256), n=9');
    const footnote = (spec.layout.annotations as Array<{ text: string }>).at(-1)?.text;
    expect(footnote).toBe('Share of answers with exactly one mark. Left out: 39 exact duplicate rows, 1 unmarked and 2 multi-marked answers.');
  });
});
