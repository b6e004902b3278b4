/**
 * Progress for long work. On a terminal a single line is redrawn as a bar; elsewhere (CI logs, notebooks,
 * cluster jobs) plain lines are printed at most every few seconds and at the end. Library functions take a
 * {@link ProgressFactory} so callers choose: the CLI and notebooks use {@link consoleProgress}, tests use
 * {@link silentProgress}. `ECG_LLM_PROGRESS=off|plain|bar` overrides the automatic choice.
 */

/** One task being tracked (e.g. "embedding chunks", 1,200 items). */
export interface ProgressTask {
  /** Adds finished units (default 1). */
  tick(amount?: number): void;
  /** Marks the task finished and prints its summary line. */
  done(note?: string): void;
}

/** Creates a task with a label and, if known, a total. */
export type ProgressFactory = (label: string, total?: number) => ProgressTask;

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Creates a progress factory writing to `output` (default: standard error). */
export function createConsoleProgress(
  options: { output?: Output; mode?: 'auto' | 'bar' | 'plain' | 'off'; intervalMs?: number } = {},
): ProgressFactory {
  const output: Output = options.output ?? process.stderr;
  const requested = options.mode ?? ((process.env.ECG_LLM_PROGRESS as 'bar' | 'plain' | 'off' | undefined) || 'auto');
  const mode = requested === 'auto' ? (output.isTTY ? 'bar' : 'plain') : requested;
  const intervalMs = options.intervalMs ?? (mode === 'bar' ? 100 : 5000);
  return (label, total) => {
    if (mode === 'off') return { tick: () => undefined, done: () => undefined };
    const began = performance.now();
    let completed = 0;
    let lastPrint = began;
    let finished = false;
    const describe = (): string => {
      const elapsed = (performance.now() - began) / 1000;
      const rate = elapsed > 0 ? completed / elapsed : 0;
      const rateText = rate > 0 ? `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(2)}/s` : '';
      if (total === undefined || total <= 0) return `${completed} ${rateText} ${formatDuration(elapsed)}`.trim();
      const percent = Math.min(100, (100 * completed) / total);
      const eta = rate > 0 ? formatDuration((total - completed) / rate) : '?';
      return `${completed}/${total} ${percent.toFixed(0)}% ${rateText} eta ${eta}`.replace(/ +/g, ' ');
    };
    const render = (): void => {
      if (mode === 'bar') {
        const width = 24;
        const filled = total ? Math.round((width * Math.min(completed, total)) / total) : 0;
        const bar = total ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` : '';
        output.write(`\r\x1b[2K${label} ${bar}${describe()}`);
      } else {
        output.write(`${label}: ${describe()}\n`);
      }
    };
    return {
      tick(amount = 1) {
        if (finished) return;
        completed += amount;
        const now = performance.now();
        if (now - lastPrint >= intervalMs) {
          lastPrint = now;
          render();
        }
      },
      done(note) {
        if (finished) return;
        finished = true;
        const elapsed = formatDuration((performance.now() - began) / 1000);
        const summary = `${label}: ${completed}${total !== undefined ? `/${total}` : ''} done in ${elapsed}${note ? ` (${note})` : ''}`;
        output.write(mode === 'bar' ? `\r\x1b[2K${summary}\n` : `${summary}\n`);
      },
    };
  };
}

/** Progress on standard error, bar on a terminal, plain lines otherwise. */
export const consoleProgress: ProgressFactory = (label, total) => createConsoleProgress()(label, total);

/** Progress that prints nothing. */
export const silentProgress: ProgressFactory = () => ({ tick: () => undefined, done: () => undefined });
