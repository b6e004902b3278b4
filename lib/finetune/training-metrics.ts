/**
 * The live loss curve: `metrics.jsonl` read incrementally while the container appends to it. Only complete
 * lines are returned; a line still being written is read on the next call.
 */
import { open } from 'node:fs/promises';
import { InputFileError } from '../core/errors.js';
import { formatIssuePath } from '../core/validate.js';
import type { FigureSpec } from '../report/figure-spec.js';
import { trainingMetricSchema, type TrainingMetric } from '../schemas/training-job.js';

/** Reads the lines appended to a metrics file since the previous call. */
export class TrainingMetricsReader {
  readonly file: string;
  private offset = 0;
  private line = 0;
  private readonly seen: TrainingMetric[] = [];

  constructor(file: string) {
    this.file = file;
  }

  /** Every metric read so far. */
  get all(): TrainingMetric[] {
    return [...this.seen];
  }

  /** The metrics appended since the last call (none when the file does not exist yet). */
  async read(): Promise<TrainingMetric[]> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let buffer: Buffer;
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return [];
      buffer = Buffer.alloc(size - this.offset);
      await handle.read(buffer, 0, buffer.length, this.offset);
    } finally {
      await handle.close();
    }
    const end = buffer.lastIndexOf(0x0a);
    if (end < 0) return [];
    this.offset += end + 1;
    const fresh: TrainingMetric[] = [];
    for (const text of buffer.subarray(0, end).toString('utf8').split('\n')) {
      this.line += 1;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new InputFileError({ file: this.file, line: this.line }, 'not valid JSON');
      }
      const parsed = trainingMetricSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new InputFileError({ file: this.file, line: this.line, field: formatIssuePath(issue.path) }, issue.message);
      }
      fresh.push(parsed.data);
    }
    this.seen.push(...fresh);
    return fresh;
  }
}

/** A plotly figure of training loss and evaluation loss by optimizer step (learning rate on a second axis). */
export function lossCurveFigure(metrics: readonly TrainingMetric[], title = 'Training and evaluation loss'): FigureSpec {
  const training = metrics.filter((metric) => metric.loss !== undefined);
  const evaluation = metrics.filter((metric) => metric.evalLoss !== undefined);
  const rates = metrics.filter((metric) => metric.learningRate !== undefined);
  return {
    data: [
      { type: 'scatter', mode: 'lines+markers', name: 'training loss', x: training.map((metric) => metric.step), y: training.map((metric) => metric.loss) },
      { type: 'scatter', mode: 'lines+markers', name: 'eval loss', x: evaluation.map((metric) => metric.step), y: evaluation.map((metric) => metric.evalLoss) },
      { type: 'scatter', mode: 'lines', name: 'learning rate', yaxis: 'y2', line: { dash: 'dot' }, x: rates.map((metric) => metric.step), y: rates.map((metric) => metric.learningRate) },
    ],
    layout: {
      title: { text: title },
      xaxis: { title: { text: 'optimizer step' } },
      yaxis: { title: { text: 'loss (cross-entropy, nats/token)' } },
      yaxis2: { title: { text: 'learning rate' }, overlaying: 'y', side: 'right', showgrid: false },
      legend: { orientation: 'h' },
    },
  };
}
