/**
 * The paper-style figure of the human evaluation: per system, the stacked share of the four rating
 * categories, one panel per file.
 */
import { describeHumanRatingSystem } from '../../data/human-rating-system.js';
import { RATING_CATEGORIES, RATING_CATEGORY_LABELS, type RatingCategory } from '../../data/import-human-ratings.js';
import type { FigureSpec } from '../../report/index.js';
import type { HumanRatingCount } from './count-human-ratings.js';

/** Panel titles of the authors' two files. */
export const HUMAN_EVALUATION_FILE_TITLES: Readonly<Record<string, string>> = {
  '10_questions.csv': '10 textbook questions',
  '40_questions.csv': '40 clinical questions',
};

/**
 * Category colours, worst to best: the 4-class ColorBrewer RdYlBu diverging scheme (Brewer, colorbrewer2.org),
 * which stays distinguishable for the common forms of colour blindness and in greyscale.
 */
export const RATING_CATEGORY_COLOURS: Readonly<Record<RatingCategory, string>> = {
  incorrect: '#d7191c',
  partially_incorrect: '#fdae61',
  correct_incomplete: '#abd9e9',
  correct: '#2c7bb6',
};

const DARK_CATEGORIES = new Set<RatingCategory>(['incorrect', 'correct']);

/**
 * Builds the plotly spec: horizontal stacked bars of category shares (percent of the answers with exactly
 * one mark, exact duplicates removed), one row per system labelled with its `n`, one panel per file (in the
 * order the files first appear in `counts`), categories coloured worst → best and systems in display order
 * (8B family, 70B family, Claude) from top to bottom. Shares of 8% and more are printed inside the bars.
 *
 * @example
 * const spec = humanEvaluationFigure([...countHumanRatings(tenQuestions), ...countHumanRatings(fortyQuestions)]);
 * await renderFigure(spec, { name: 'human-eval-categories', height: spec.layout.height as number });
 */
export function humanEvaluationFigure(counts: readonly HumanRatingCount[]): FigureSpec {
  const files = [...new Set(counts.map((row) => row.file))];
  const rowsPerFile = files.map((file) => counts.filter((row) => row.file === file));
  const totalRows = rowsPerFile.reduce((sum, rows) => sum + rows.length, 0);
  const gap = 0.1;
  const usable = 1 - gap * (files.length - 1);
  const data: Array<Record<string, unknown>> = [];
  const layout: Record<string, unknown> = {};
  const annotations: Array<Record<string, unknown>> = [];
  let top = 1;
  files.forEach((file, panel) => {
    const rows = rowsPerFile[panel] as HumanRatingCount[];
    const height = (usable * rows.length) / Math.max(totalRows, 1);
    const domain = [Math.max(0, top - height), top];
    top = top - height - gap;
    const suffix = panel === 0 ? '' : String(panel + 1);
    const labels = rows.map((row) => `${describeHumanRatingSystem(row.system).label}, n=${row.n}`);
    for (const category of RATING_CATEGORIES) {
      const shares = rows.map((row) => (row.n > 0 ? (100 * row[category]) / row.n : 0));
      data.push({
        type: 'bar',
        orientation: 'h',
        name: RATING_CATEGORY_LABELS[category],
        legendgroup: category,
        showlegend: panel === 0,
        x: shares,
        y: labels,
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        marker: { color: RATING_CATEGORY_COLOURS[category], line: { color: '#ffffff', width: 0.5 } },
        text: shares.map((share) => (share >= 8 ? `${Math.round(share)}%` : '')),
        textposition: 'inside',
        insidetextanchor: 'middle',
        textfont: { color: DARK_CATEGORIES.has(category) ? '#ffffff' : '#222222', size: 11 },
        customdata: rows.map((row) => [row[category], row.n]),
        hovertemplate: `%{y}<br>${RATING_CATEGORY_LABELS[category]}: %{customdata[0]} of %{customdata[1]} (%{x:.1f}%)<extra></extra>`,
      });
    }
    layout[`xaxis${suffix}`] = {
      domain: [0, 1],
      anchor: `y${suffix}`,
      range: [0, 100],
      ticksuffix: '%',
      title: panel === files.length - 1 ? { text: 'Share of rated answers' } : undefined,
      showgrid: true,
      gridcolor: '#e5e5e5',
    };
    layout[`yaxis${suffix}`] = { domain, anchor: `x${suffix}`, autorange: 'reversed', automargin: true, tickfont: { size: 12 } };
    annotations.push({
      text: `<b>${HUMAN_EVALUATION_FILE_TITLES[file] ?? file}</b> (${file})`,
      xref: 'paper',
      yref: 'paper',
      x: 0,
      y: domain[1],
      xanchor: 'left',
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 13 },
    });
  });
  const unmarked = counts.reduce((sum, row) => sum + row.unmarked, 0);
  const multiMarked = counts.reduce((sum, row) => sum + row.multi_marked, 0);
  const duplicates = counts.reduce((sum, row) => sum + row.duplicates_removed, 0);
  annotations.push({
    text:
      `Share of answers with exactly one mark. Left out: ${duplicates} exact duplicate row${duplicates === 1 ? '' : 's'}, ` +
      `${unmarked} unmarked and ${multiMarked} multi-marked answer${multiMarked === 1 ? '' : 's'}.`,
    xref: 'paper',
    yref: 'paper',
    x: 0,
    y: 0,
    yshift: -70,
    xanchor: 'left',
    yanchor: 'top',
    showarrow: false,
    font: { size: 11, color: '#555555' },
  });
  return {
    data,
    layout: {
      ...layout,
      title: { text: 'ECG-LLM human evaluation: rating categories per system' },
      barmode: 'stack',
      bargap: 0.25,
      annotations,
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom', traceorder: 'normal' },
      margin: { l: 20, r: 20, t: 110, b: 110 },
      width: 900,
      height: Math.max(360, 200 + 30 * totalRows + 60 * files.length),
    },
  };
}
