/**
 * Figures of the evaluation stage as plotly specs (display with `displayFigure`, render with `renderFigure`,
 * embed in HTML reports).
 */
import type { FigureSpec } from '../report/figure-spec.js';
import type { EvaluationRecord, McSummaryRow } from '../schemas/evaluation.js';

/**
 * Accuracy per system (bars) with Wilson 95% intervals (error bars), one bar group per dataset; the authors'
 * figure that leaves out unparseable replies is drawn as a hollow marker, so the inflation is visible.
 *
 * @example
 * await displayFigure(multipleChoiceAccuracyFigure(result.summary));
 */
export function multipleChoiceAccuracyFigure(summary: readonly McSummaryRow[]): FigureSpec {
  const systems = [...new Set(summary.map((row) => row.system))];
  const data: Array<Record<string, unknown>> = systems.flatMap((system) => {
    const rows = summary.filter((row) => row.system === system);
    return [
      {
        type: 'bar',
        name: system,
        x: rows.map((row) => row.dataset),
        y: rows.map((row) => row.accuracy),
        error_y: {
          type: 'data',
          symmetric: false,
          array: rows.map((row) => row.wilson95[1] - row.accuracy),
          arrayminus: rows.map((row) => row.accuracy - row.wilson95[0]),
        },
        hovertemplate: '%{x}: %{y:.3f}<extra>' + system + '</extra>',
      },
    ];
  });
  const inflated = summary.filter((row) => row.accuracyExcludingUnparseable !== null && row.unparseable > 0);
  if (inflated.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'excluding unparseable (authors)',
      x: inflated.map((row) => row.dataset),
      y: inflated.map((row) => row.accuracyExcludingUnparseable),
      text: inflated.map((row) => row.system),
      marker: { symbol: 'circle-open', size: 11, color: '#000000' },
    });
  }
  return {
    data,
    layout: {
      title: { text: 'Multiple-choice accuracy with Wilson 95% intervals' },
      barmode: 'group',
      yaxis: { title: { text: 'accuracy' }, range: [0, 1] },
      xaxis: { title: { text: 'dataset' } },
      width: 760,
      height: 440,
    },
  };
}

/**
 * Distribution of a per-item metric (box plot with every item as a point) per system, one trace per system.
 *
 * @example
 * await displayFigure(metricDistributionFigure(result.records, 'rougeL'));
 */
export function metricDistributionFigure(records: readonly EvaluationRecord[], metric: string): FigureSpec {
  const systems = [...new Set(records.filter((record) => record.metric === metric).map((record) => record.system))];
  return {
    data: systems.map((system) => ({
      type: 'box',
      name: system,
      y: records.filter((record) => record.metric === metric && record.system === system && record.value !== null).map((record) => record.value),
      boxpoints: 'all',
      jitter: 0.4,
      pointpos: 0,
    })),
    layout: {
      title: { text: `Per-item ${metric} by system` },
      yaxis: { title: { text: metric } },
      showlegend: false,
      width: 760,
      height: 440,
    },
  };
}
