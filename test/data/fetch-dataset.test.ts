import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChecksumMismatchError, InputFileError, NotFoundError, ServiceError } from '../../lib/core/errors.js';
import { resolveWorkspacePaths, type WorkspacePaths } from '../../lib/core/paths.js';
import type { ProgressFactory } from '../../lib/core/progress.js';
import { datasetManifestSchema, readDatasetManifest, type DatasetManifest } from '../../lib/data/dataset-manifest.js';
import { ensureDataset, fetchDataset, listDatasets, verifyDataset } from '../../lib/data/fetch-dataset.js';
import { humanEvaluationDataDirectory } from '../helpers/human-eval-data.js';
import { repositoryRoot, useTemporaryDirectory } from '../helpers/temporary-directory.js';
import { startStaticFileServer, type StaticFileServer, type StaticRoute } from '../servers/static-file-server.js';

const temporaryDirectory = useTemporaryDirectory();
const servers: StaticFileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const NAMES = ['10_questions.csv', '40_questions.csv'];

async function workspace(): Promise<WorkspacePaths> {
  return resolveWorkspacePaths({ root: await temporaryDirectory(), packageRoot: repositoryRoot }, {});
}

async function realBytes(name: string): Promise<Buffer> {
  return readFile(join(humanEvaluationDataDirectory(), name));
}

/** The committed manifest with every URL pointed at the local server (checksums unchanged). */
async function manifestServedBy(server: StaticFileServer): Promise<DatasetManifest> {
  const manifest = await readDatasetManifest(resolveWorkspacePaths({ root: repositoryRoot, packageRoot: repositoryRoot }, {}));
  return {
    ...manifest,
    datasets: manifest.datasets.map((dataset) => ({
      ...dataset,
      files: dataset.files.map((file) => ({ ...file, url: `${server.url}/${file.upstreamPath}` })),
    })),
  };
}

async function serve(routes: (bodies: Record<string, Buffer>) => Record<string, StaticRoute>): Promise<StaticFileServer> {
  const bodies = Object.fromEntries(await Promise.all(NAMES.map(async (name) => [name, await realBytes(name)] as const)));
  const server = await startStaticFileServer(routes(bodies));
  servers.push(server);
  return server;
}

const fileRoutes = (bodies: Record<string, Buffer>, override: Partial<Record<string, StaticRoute>> = {}): Record<string, StaticRoute> =>
  Object.fromEntries(NAMES.map((name) => [`/human_evaluation/${name}`, override[name] ?? { body: bodies[name] }]));

function recordingProgress(): { factory: ProgressFactory; events: string[] } {
  const events: string[] = [];
  return {
    events,
    factory: (label, total) => {
      events.push(`start ${label} ${total}`);
      return { tick: (amount = 1) => events.push(`tick ${label} ${amount}`), done: () => events.push(`done ${label}`) };
    },
  };
}

async function publishedEntries(paths: WorkspacePaths): Promise<string[]> {
  if (!existsSync(paths.externalData)) return [];
  return readdir(paths.externalData);
}

describe('the committed dataset manifest', () => {
  it('validates and pins the authors\' files by commit with the checksums of SHA256SUMS', async () => {
    const manifest = await readDatasetManifest(resolveWorkspacePaths({ root: repositoryRoot, packageRoot: repositoryRoot }, {}));
    const dataset = manifest.datasets.find((candidate) => candidate.name === 'human-eval');
    expect(dataset?.source.commit).toBe('5a83790b083394308b08a1001c95e7d325e7450e');
    // sha256sum and wc -c of the files at github.com/AI4HealthUOL/ecg-llm commit 5a83790, human_evaluation/
    // (byte-for-byte copies taken when the dataset was added to the workspace).
    const expected: Record<string, { sha256: string; bytes: number }> = {
      '10_questions.csv': { sha256: '38c7a3c046f185d8bddb4c36edb24060ff9bd83b9d71684870d4ec076fbca8f6', bytes: 20564 },
      '40_questions.csv': { sha256: 'bb0e5c704ee166aaa5f07b920fd1b4c7abafd4ba2ed6df8ed101c7e1bac8ab91', bytes: 202903 },
    };
    expect(dataset?.files.map((file) => file.name)).toEqual(Object.keys(expected));
    for (const file of dataset?.files ?? []) {
      expect(file.sha256).toBe(expected[file.name]?.sha256);
      expect(file.url).toBe(`https://raw.githubusercontent.com/AI4HealthUOL/ecg-llm/${dataset?.source.commit}/${file.upstreamPath}`);
      expect(file.bytes).toBe(expected[file.name]?.bytes);
    }
    expect(dataset?.licence.spdx).toBeNull();
    expect(dataset?.citation).toContain('arXiv:2510.18339');
  });

  it('rejects a manifest with a malformed checksum, naming the file and the field', async () => {
    const paths = await workspace();
    await mkdir(paths.data, { recursive: true });
    const committed = JSON.parse(await readFile(join(repositoryRoot, 'data', 'datasets.json'), 'utf8')) as DatasetManifest;
    (committed.datasets[0]?.files[0] as { sha256: string }).sha256 = 'abc';
    await writeFile(join(paths.data, 'datasets.json'), JSON.stringify(committed));
    const error = await readDatasetManifest(paths).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).location).toMatchObject({ file: join(paths.data, 'datasets.json'), field: 'datasets[0].files[0].sha256' });
    expect(datasetManifestSchema.safeParse({ schemaVersion: 1, datasets: [committed.datasets[0], committed.datasets[0]] }).success).toBe(false);
  });
});

describe('fetchDataset over HTTP (local file server)', () => {
  it('downloads, verifies and publishes every file, reporting progress in bytes', async () => {
    const server = await serve((bodies) => fileRoutes(bodies));
    const paths = await workspace();
    const progress = recordingProgress();
    const result = await fetchDataset('human-eval', { paths, manifest: await manifestServedBy(server), environment: {}, progress: progress.factory });
    expect(result.files.map((file) => [file.name, file.outcome, file.bytes])).toEqual([
      ['10_questions.csv', 'downloaded', 20564],
      ['40_questions.csv', 'downloaded', 202903],
    ]);
    for (const name of NAMES) expect(await readFile(join(paths.externalData, 'human-eval', name))).toEqual(await realBytes(name));
    expect(progress.events[0]).toBe('start human-eval/10_questions.csv 20564');
    expect(progress.events).toContain('done human-eval/40_questions.csv');
    expect(await publishedEntries(paths)).toEqual(['human-eval']);
    expect((await verifyDataset('human-eval', { paths })).ok).toBe(true);

    const again = await fetchDataset('human-eval', { paths, manifest: await manifestServedBy(server), environment: {} });
    expect(again.files.map((file) => file.outcome)).toEqual(['present', 'present']);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a download whose checksum differs and publishes nothing', async () => {
    const server = await serve((bodies) => fileRoutes(bodies, { '40_questions.csv': { body: Buffer.concat([bodies['40_questions.csv'] as Buffer, Buffer.from('x')]) } }));
    const paths = await workspace();
    const error = await fetchDataset('human-eval', { paths, manifest: await manifestServedBy(server), environment: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    const mismatch = error as ChecksumMismatchError;
    expect(mismatch.expected).toBe('bb0e5c704ee166aaa5f07b920fd1b4c7abafd4ba2ed6df8ed101c7e1bac8ab91');
    expect(mismatch.message).toContain('human-eval/40_questions.csv');
    expect(mismatch.message).toContain('checksum mismatch: expected bb0e5c704ee166aaa5f07b920fd1b4c7abafd4ba2ed6df8ed101c7e1bac8ab91');
    // Not even the good first file is published, and no staging folder is left behind.
    expect(await publishedEntries(paths)).toEqual([]);
  });

  it('reports an HTTP error with its status and URL, without retrying a 404', async () => {
    const server = await serve((bodies) => fileRoutes(bodies, { '10_questions.csv': { status: 404 } }));
    const paths = await workspace();
    const error = await fetchDataset('human-eval', { paths, manifest: await manifestServedBy(server), environment: {}, retryDelayMs: 1 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).status).toBe(404);
    expect((error as ServiceError).message).toContain(`${server.url}/human_evaluation/10_questions.csv`);
    expect(server.requests).toHaveLength(1);
    expect(await publishedEntries(paths)).toEqual([]);
  });

  it('retries 503 answers and succeeds', async () => {
    const server = await serve((bodies) => fileRoutes(bodies, { '10_questions.csv': { body: bodies['10_questions.csv'], failFirst: 2 } }));
    const paths = await workspace();
    const result = await fetchDataset('human-eval', { paths, manifest: await manifestServedBy(server), environment: {}, retryDelayMs: 1 });
    expect(result.files.map((file) => file.outcome)).toEqual(['downloaded', 'downloaded']);
    expect(server.requests.filter((path) => path.endsWith('10_questions.csv'))).toHaveLength(3);
  });

  it('gives up after the attempts with a timeout error', async () => {
    const server = await serve((bodies) => fileRoutes(bodies, { '10_questions.csv': { hang: true } }));
    const paths = await workspace();
    const error = await fetchDataset('human-eval', {
      paths,
      manifest: await manifestServedBy(server),
      environment: {},
      timeoutMs: 200,
      attempts: 2,
      retryDelayMs: 1,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toContain('no answer within 0.2 s');
    expect(server.requests).toHaveLength(2);
    expect(await publishedEntries(paths)).toEqual([]);
  });

  it('detects a connection closed before the announced length', async () => {
    const server = await serve((bodies) => fileRoutes(bodies, { '10_questions.csv': { body: bodies['10_questions.csv'], truncate: true } }));
    const paths = await workspace();
    const error = await fetchDataset('human-eval', { paths, manifest: await manifestServedBy(server), environment: {}, attempts: 1 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toMatch(/broke off|received \d+ bytes/);
    expect(await publishedEntries(paths)).toEqual([]);
  });

  it('names the unreachable host when nothing listens', async () => {
    const server = await serve((bodies) => fileRoutes(bodies));
    const manifest = await manifestServedBy(server);
    await server.close();
    servers.splice(0);
    const paths = await workspace();
    const error = await fetchDataset('human-eval', { paths, manifest, environment: {}, attempts: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toContain('could not connect: ECONNREFUSED');
  });
});

describe('fetchDataset from a mirror URL (an institute mirror over HTTP)', () => {
  it('downloads <url>/<file> instead of the upstream address, verifies, and never records the credentials', async () => {
    const paths = await workspace();
    const server = await serve((bodies) => Object.fromEntries(NAMES.map((name) => [`/mirror/${name}`, { body: bodies[name] }])));
    const withCredentials = server.url.replace('http://', 'http://reader:s3cret-pass@') + '/mirror/?token=abc123';
    const mirror = withCredentials.replace('/?token=abc123', '/');
    const result = await fetchDataset('human-eval', { paths, environment: { ECG_LLM_DATA_MIRROR: mirror } });
    expect(result.files.map((file) => file.outcome)).toEqual(['mirrored', 'mirrored']);
    expect(server.requests).toEqual(['/mirror/10_questions.csv', '/mirror/40_questions.csv']);
    expect(result.files[0]?.from).toBe(`${server.url}/mirror/10_questions.csv`);
    expect(JSON.stringify(result)).not.toContain('s3cret-pass');
    expect((await verifyDataset('human-eval', { paths })).ok).toBe(true);
  });

  it('names the mirror URL without credentials when the mirror lacks a file', async () => {
    const paths = await workspace();
    const server = await serve((bodies) => ({ '/mirror/10_questions.csv': { body: bodies['10_questions.csv'] } }));
    const mirror = server.url.replace('http://', 'http://reader:s3cret-pass@') + '/mirror';
    const error = await fetchDataset('human-eval', { paths, environment: { ECG_LLM_DATA_MIRROR: mirror }, attempts: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toContain(`${server.url}/mirror/40_questions.csv: the server answered 404`);
    expect(JSON.stringify((error as ServiceError).toJSON()) + (error as ServiceError).message).not.toContain('s3cret-pass');
    expect(await publishedEntries(paths)).toEqual([]);
  });
});

describe('fetchDataset from a mirror folder', () => {
  it('copies from ECG_LLM_DATA_MIRROR and verifies', async () => {
    const paths = await workspace();
    const result = await fetchDataset('human-eval', { paths, environment: { ECG_LLM_DATA_MIRROR: humanEvaluationDataDirectory() } });
    expect(result.files.map((file) => file.outcome)).toEqual(['mirrored', 'mirrored']);
    expect(result.files[0]?.from).toBe(join(humanEvaluationDataDirectory(), '10_questions.csv'));
    expect((await verifyDataset('human-eval', { paths })).ok).toBe(true);
  });

  it('refuses a corrupted copy in the mirror, naming the checksum, and publishes nothing', async () => {
    const paths = await workspace();
    const mirror = await temporaryDirectory();
    await writeFile(join(mirror, '10_questions.csv'), await realBytes('10_questions.csv'));
    const corrupted = Buffer.from(await realBytes('40_questions.csv'));
    corrupted[100] = corrupted[100] === 0x78 ? 0x79 : 0x78;
    await writeFile(join(mirror, '40_questions.csv'), corrupted);
    const error = await fetchDataset('human-eval', { paths, mirror, environment: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).message).toContain('sha256 checksum mismatch: expected bb0e5c70');
    expect(await publishedEntries(paths)).toEqual([]);
  });

  it('reports a file missing from the mirror', async () => {
    const paths = await workspace();
    const mirror = await temporaryDirectory();
    await writeFile(join(mirror, '10_questions.csv'), await realBytes('10_questions.csv'));
    const error = await fetchDataset('human-eval', { paths, mirror, environment: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe(
      `mirrored file not found: ${join(mirror, '40_questions.csv')}. The mirror folder ${mirror} (--mirror or ECG_LLM_DATA_MIRROR) has no 40_questions.csv`,
    );
  });

  it('resolves a relative mirror against the workspace root', async () => {
    const paths = await workspace();
    await mkdir(join(paths.root, 'copy'), { recursive: true });
    for (const name of NAMES) await writeFile(join(paths.root, 'copy', name), await realBytes(name));
    const result = await fetchDataset('human-eval', { paths, environment: { ECG_LLM_DATA_MIRROR: 'copy' } });
    expect(result.files[1]?.from).toBe(join(paths.root, 'copy', '40_questions.csv'));
  });

  it('rejects an unknown dataset name, listing the known ones', async () => {
    const error = await fetchDataset('nope', { paths: await workspace(), environment: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe('dataset not found: nope. Known datasets: human-eval');
  });
});

describe('verifyDataset, ensureDataset and listDatasets', () => {
  it('reports missing and changed files; ensureDataset refuses a changed copy; fetch restores it', async () => {
    const paths = await workspace();
    const environment = { ECG_LLM_DATA_MIRROR: humanEvaluationDataDirectory() };
    expect((await listDatasets({ paths }))[0]?.status).toBe('absent');
    const missing = await verifyDataset('human-eval', { paths });
    expect(missing.files.map((file) => file.status)).toEqual(['missing', 'missing']);

    // ensureDataset fetches what is missing.
    const directory = await ensureDataset('human-eval', { paths, environment });
    expect(directory).toBe(join(paths.externalData, 'human-eval'));
    expect((await listDatasets({ paths }))[0]?.status).toBe('fetched');

    await writeFile(join(directory, '10_questions.csv'), 'Question,Answer,Model,a,b,c,d\n');
    const changed = await verifyDataset('human-eval', { paths });
    expect(changed.files[0]).toMatchObject({ status: 'mismatch', expected: '38c7a3c046f185d8bddb4c36edb24060ff9bd83b9d71684870d4ec076fbca8f6' });
    expect((await listDatasets({ paths }))[0]?.status).toBe('corrupt');
    const refused = await ensureDataset('human-eval', { paths, environment }).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(ChecksumMismatchError);
    // The message says how to get the published file back.
    expect((refused as ChecksumMismatchError).message).toMatch(/it was not used\. `ecg-llm data fetch human-eval` replaces it with a verified copy\.$/);

    const restored = await fetchDataset('human-eval', { paths, environment });
    expect(restored.files.map((file) => [file.outcome, file.replacedCorruptCopy])).toEqual([
      ['mirrored', true],
      ['present', false],
    ]);
    expect((await verifyDataset('human-eval', { paths })).ok).toBe(true);
  });
});
