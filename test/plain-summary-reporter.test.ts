import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from './helpers/temporary-directory.js';

// A throw-away vitest project inside the repository (so `vitest` resolves from node_modules), run in a child process
// with the project's reporter: the closing line must count every way a file can fail.
const fixture = join(repositoryRoot, '.cache', `reporter-fixture-${process.pid}`);
afterAll(async () => rm(fixture, { recursive: true, force: true }));

async function runFixture(files: Record<string, string>): Promise<string> {
  await rm(fixture, { recursive: true, force: true });
  await mkdir(fixture, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(fixture, name), text);
  await writeFile(
    join(fixture, 'vitest.config.mjs'),
    `export default { test: { include: ['*.test.mjs'], reporters: [${JSON.stringify(join(repositoryRoot, 'test', 'plain-summary-reporter.ts'))}] } };\n`,
  );
  const result = spawnSync(process.execPath, [join(repositoryRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', join(fixture, 'vitest.config.mjs')], {
    cwd: fixture,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  const closing = `${result.stdout}`.split('\n').filter((line) => line.startsWith('tests: '));
  expect(closing).toHaveLength(1);
  return closing[0]!;
}

describe('the plain closing line', () => {
  it('counts passing and failing tests', async () => {
    const line = await runFixture({
      'a.test.mjs': "import { it, expect } from 'vitest';\nit('one', () => expect(1).toBe(1));\nit('two', () => expect(1).toBe(2));\n",
    });
    expect(line).toBe('tests: 1 passed, 1 failed');
  }, 60_000);

  it('counts the tests of a file whose beforeAll throws as failed, not as 0 failed', async () => {
    const line = await runFixture({
      'a.test.mjs': "import { it, expect } from 'vitest';\nit('fine', () => expect(1).toBe(1));\n",
      'b.test.mjs': "import { beforeAll, it, expect } from 'vitest';\nbeforeAll(() => { throw new Error('data not found'); });\nit('x', () => expect(1).toBe(1));\nit('y', () => expect(1).toBe(1));\n",
    });
    expect(line).toBe('tests: 1 passed, 2 failed');
  }, 60_000);

  it('counts a file that fails to load once', async () => {
    const line = await runFixture({
      'a.test.mjs': "import { it, expect } from 'vitest';\nit('fine', () => expect(1).toBe(1));\n",
      'b.test.mjs': "import { it } from 'vitest';\nthrow new Error('cannot load');\nit('never', () => {});\n",
    });
    expect(line).toBe('tests: 1 passed, 1 failed');
  }, 60_000);
});
