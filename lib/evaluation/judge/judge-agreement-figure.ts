/**
 * The judge–expert confusion heatmap: expert category (rows) × judge score (columns), counts in the cells.
 */
import { RATING_CATEGORIES, RATING_CATEGORY_LABELS } from '../../data/import-human-ratings.js';
import type { FigureSpec } from '../../report/index.js';
import { JUDGE_SCORES, type JudgeAgreement } from './judge-agreement.js';

/**
 * Builds the plotly heatmap of `agreement.categoryByScore`: the experts' categories from incorrect (bottom) to
 * correct (top) against the judge's scores 1–5, each cell labelled with its count and its share of the row; the
 * title gives κ and α. A trustworthy judge puts its mass on the rising diagonal.
 *
 * @example
 * const spec = judgeAgreementFigure(judgeAgreement(items), 'llama3.1:8b');
 * await renderFigure(spec, { name: 'judge-agreement-heatmap' });
 */
export function judgeAgreementFigure(agreement: JudgeAgreement, judgeLabel: string): FigureSpec {
  const rows = RATING_CATEGORIES.map((category) => JUDGE_SCORES.map((score) => agreement.categoryByScore[category][score]));
  const text = rows.map((row) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    return row.map((value) => (total === 0 ? String(value) : `${value}<br>${Math.round((100 * value) / total)}%`));
  });
  const format = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(2));
  return {
    data: [
      {
        type: 'heatmap',
        z: rows,
        x: JUDGE_SCORES.map((score) => `${score}`),
        y: RATING_CATEGORIES.map((category) => RATING_CATEGORY_LABELS[category]),
        text,
        texttemplate: '%{text}',
        hovertemplate: 'Experts: %{y}<br>Judge score: %{x}<br>Answers: %{z}<extra></extra>',
        colorscale: 'Blues',
        showscale: true,
        colorbar: { title: { text: 'Answers' } },
      },
    ],
    layout: {
      title: {
        text:
          `Judge (${judgeLabel}) against the experts: ${agreement.evaluated} answers` +
          `<br><sup>Cohen's κ (correct vs not) ${format(agreement.cohenKappa)}, Krippendorff's α (ordinal) ${format(agreement.krippendorffAlphaOrdinal)}` +
          `${agreement.unparseable > 0 ? `; ${agreement.unparseable} unparseable verdicts left out` : ''}</sup>`,
      },
      xaxis: { title: { text: 'Judge score (1–5)' }, type: 'category' },
      yaxis: { title: { text: 'Expert rating' }, type: 'category', automargin: true },
      margin: { l: 20, r: 20, t: 100, b: 70 },
      width: 720,
      height: 460,
    },
  };
}
