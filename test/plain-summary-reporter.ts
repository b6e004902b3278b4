/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own report, so CI logs
 * can be read by tools that do not understand vitest's format. Skipped tests are listed by name: the project
 * treats a skipped test as a defect, never as a pass.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped.push(`${module.moduleId.replace(process.cwd() + '/', '')} > ${test.fullName}`);
      }
      if (module.state() === 'failed' && module.children.size === 0) failed += 1; // a file that failed to load
    }
    failed += unhandledErrors.length;
    for (const name of skipped) process.stdout.write(`skipped: ${name}\n`);
    process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped.length ? `, ${skipped.length} skipped` : ''}\n`);
  }
}
