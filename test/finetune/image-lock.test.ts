import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths } from '../../lib/core/paths.js';
import { readImageLock, resolveTrainingImage } from '../../lib/finetune/image-lock.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';

const temporaryDirectory = useTemporaryDirectory();

describe('environment/image.lock.json', () => {
  it('pins the Axolotl base image the Dockerfile builds FROM, by the same digest', async () => {
    const lock = await readImageLock(resolveWorkspacePaths({ packageRoot: repositoryRoot }));
    const dockerfile = await readFile(join(repositoryRoot, 'environment', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`FROM ${lock.base.repository}@${lock.base.digest}\n`);
    expect(dockerfile).toContain(`ARG LLAMA_CPP_TAG=${lock.llamaCpp.tag}\n`);
    expect(dockerfile).toContain(lock.base.tag);
  });

  it('refuses to run while the workspace image has no digest, and accepts one given by digest', async () => {
    const packageRoot = await temporaryDirectory();
    await mkdir(join(packageRoot, 'environment'));
    await cp(join(repositoryRoot, 'environment', 'image.lock.json'), join(packageRoot, 'environment', 'image.lock.json'));
    const paths = resolveWorkspacePaths({ root: packageRoot, packageRoot });
    await expect(resolveTrainingImage(paths)).rejects.toThrow(ConfigurationError);
    await expect(resolveTrainingImage(paths, 'ghcr.io/lab/ecg:1')).rejects.toThrow(/is not pinned/);
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    expect(await resolveTrainingImage(paths, `ghcr.io/lab/ecg@${digest}`)).toBe(`ghcr.io/lab/ecg@${digest}`);
    const lock = JSON.parse(await readFile(join(packageRoot, 'environment', 'image.lock.json'), 'utf8')) as { image: { digest: string | null } };
    lock.image.digest = digest;
    await writeFile(join(packageRoot, 'environment', 'image.lock.json'), JSON.stringify(lock));
    expect(await resolveTrainingImage(paths)).toBe(`ghcr.io/YOUR-GROUP/ecg-llm-finetune@${digest}`);
  });
});
