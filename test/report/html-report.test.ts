import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../lib/report/html-report.js';
import type { RunManifest } from '../../lib/schemas/run-manifest.js';

function manifest(status: RunManifest['status']): RunManifest {
  return {
    schemaVersion: 1,
    runId: 'reproduce-human-eval-20260101-000000-abcdef',
    stage: 'reproduce-human-eval',
    status,
    git: { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false },
    environment: { node: 'v20.20.2', platform: 'linux', arch: 'x64', packageName: 'ecg-llm-workspace', packageVersion: '0.1.0', dependencies: {} },
    config: {},
    configHash: 'a'.repeat(64),
    seed: null,
    inputs: [],
    models: [],
    outputs: [],
    counts: {},
    timings: { startedAt: '2026-01-01T00:00:00.000Z', phasesMs: {} },
  };
}

describe('renderHtmlReport', () => {
  it('names the run in the footer, and its status only once the run has finished', async () => {
    const written = await renderHtmlReport({ title: 'Report', sections: [{ title: 'Text', paragraphs: ['a < b'] }], manifest: manifest('running') });
    // Written by the run itself: "running" would be wrong on the finished page, so no status is shown.
    expect(written).toContain('Run reproduce-human-eval-20260101-000000-abcdef (stage reproduce-human-eval), started 2026-01-01T00:00:00.000Z');
    expect(written).not.toContain('running');
    expect(written).toContain('<p>a &lt; b</p>');
    const finished = await renderHtmlReport({ title: 'Report', sections: [], manifest: manifest('succeeded') });
    expect(finished).toContain('(stage reproduce-human-eval, succeeded), started');
  });
});
