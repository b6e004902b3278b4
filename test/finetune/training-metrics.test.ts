import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../lib/core/errors.js';
import { lossCurveFigure, TrainingMetricsReader } from '../../lib/finetune/training-metrics.js';
import { useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

describe('TrainingMetricsReader', () => {
  it('returns only complete lines, each once, while the file grows', async () => {
    const file = join(await temporaryDirectory(), 'metrics.jsonl');
    const reader = new TrainingMetricsReader(file);
    expect(await reader.read()).toEqual([]); // not written yet
    await writeFile(file, '{"step":1,"epoch":0.1,"loss":2.5,"learningRate":0.0002}\n{"step":2,"ep');
    expect(await reader.read()).toEqual([{ step: 1, epoch: 0.1, loss: 2.5, learningRate: 0.0002 }]);
    expect(await reader.read()).toEqual([]); // the half-written line waits
    await appendFile(file, 'och":0.2,"loss":2.1,"evalLoss":2.4}\n');
    expect(await reader.read()).toEqual([{ step: 2, epoch: 0.2, loss: 2.1, evalLoss: 2.4 }]);
    expect(reader.all.map((metric) => metric.step)).toEqual([1, 2]);
  });

  it('names the file, line and field of a malformed metric', async () => {
    const file = join(await temporaryDirectory(), 'metrics.jsonl');
    await writeFile(file, '{"step":1,"epoch":0,"loss":2}\n{"step":-2,"epoch":0}\n');
    const error = await new TrainingMetricsReader(file).read().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).location).toEqual({ file, line: 2, field: 'step' });
  });
});

describe('lossCurveFigure', () => {
  it('puts training loss, eval loss and the learning rate (second axis) by step', () => {
    const figure = lossCurveFigure([
      { step: 1, epoch: 0.5, loss: 2, learningRate: 1e-4 },
      { step: 2, epoch: 1, loss: 1.5, learningRate: 2e-4, evalLoss: 1.7 },
    ]);
    expect(figure.data.map((trace) => [trace.name, trace.x, trace.y])).toEqual([
      ['training loss', [1, 2], [2, 1.5]],
      ['eval loss', [2], [1.7]],
      ['learning rate', [1, 2], [1e-4, 2e-4]],
    ]);
    expect(figure.data[2]!.yaxis).toBe('y2');
  });
});
