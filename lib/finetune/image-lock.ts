/**
 * `environment/image.lock.json`: the pinned training image. `base` is the published Axolotl image the
 * Dockerfile builds FROM (by digest); `image` is the workspace's own image built from `environment/` and pushed
 * to a registry the cluster can pull from — its digest is known only after `docker buildx build --push`, and the
 * workspace refuses to submit a job until it is filled in (or an image is given by digest on the command line).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '../core/errors.js';
import { readJson } from '../core/jsonl.js';
import type { WorkspacePaths } from '../core/paths.js';

const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex>');

export const imageLockSchema = z.object({
  schemaVersion: z.literal(1),
  base: z.object({ repository: z.string().min(1), tag: z.string().min(1), digest, source: z.string().min(1) }),
  image: z.object({ repository: z.string().min(1), digest: digest.nullable(), builtAt: z.string().nullable() }),
  /** Versions inside the image; null where not yet read from a built image (`environment/record-versions.sh`). */
  versions: z.record(z.string(), z.string().nullable()),
  llamaCpp: z.object({ tag: z.string().min(1), converter: z.string().min(1) }),
});
export type ImageLock = z.infer<typeof imageLockSchema>;

export const IMAGE_LOCK_FILE = 'image.lock.json';

export async function readImageLock(paths: WorkspacePaths): Promise<ImageLock> {
  return readJson(join(paths.packageRoot, 'environment', IMAGE_LOCK_FILE), imageLockSchema);
}

/**
 * The image to run: `override` when given (it must carry a digest), else the lock's image. An image without a
 * digest is refused with a {@link ConfigurationError} saying how to pin it.
 */
export async function resolveTrainingImage(paths: WorkspacePaths, override?: string): Promise<string> {
  if (override !== undefined) {
    if (!/^[^\s@]+@sha256:[0-9a-f]{64}$/.test(override)) {
      throw new ConfigurationError('image', `"${override}" is not pinned: give repository@sha256:<digest> (docker buildx imagetools inspect <image> prints it)`);
    }
    return override;
  }
  const lock = await readImageLock(paths);
  if (!lock.image.digest) {
    throw new ConfigurationError(
      'image',
      `environment/${IMAGE_LOCK_FILE} has no digest for ${lock.image.repository} yet: build and push the image (environment/README.md), ` +
        'write the digest that `docker buildx imagetools inspect` prints into the lock, or pass --image repository@sha256:<digest>',
    );
  }
  return `${lock.image.repository}@${lock.image.digest}`;
}
