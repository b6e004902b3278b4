/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own report, so CI logs
 * can be read by tools that do not understand vitest's format. Skipped tests are listed by name: the project
 * treats a skipped test as a defect, never as a pass. A test file that failed as a whole (it could not be
 * loaded, or a `beforeAll` hook threw so its tests never ran) counts as failed, whatever it contains: each of its
 * tests that did not pass is a failure, and a failed file without tests counts once. A run that failed with no
 * failing test (its global setup threw) counts one failure.
 */
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, reason?: TestRunEndReason): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      const moduleFailed = module.state() === 'failed';
      let counted = 0;
      for (const test of module.children.allTests()) {
        counted += 1;
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed' || moduleFailed) failed += 1;
        else skipped.push(`${module.moduleId.replace(process.cwd() + '/', '')} > ${test.fullName}`);
      }
      if (moduleFailed && counted === 0) failed += 1; // a file that failed to load
    }
    failed += unhandledErrors.length;
    // A run that failed before or around its tests (a global setup that threw) is never reported as 0 failed.
    if (reason === 'failed' && failed === 0) failed = 1;
    for (const name of skipped) process.stdout.write(`skipped: ${name}\n`);
    process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped.length ? `, ${skipped.length} skipped` : ''}\n`);
  }
}
