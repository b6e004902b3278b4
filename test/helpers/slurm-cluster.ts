/**
 * A real single-node Slurm cluster for the tests (scripts/slurm-cluster.sh: munge + slurmctld + slurmd from
 * Debian's packages, loopback only), in a fresh temporary folder with free ports; stopped afterwards with a
 * check that none of its processes is left.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';
import { commandLine } from './processes.js';
import { repositoryRoot } from './temporary-directory.js';
import { readdirSync } from 'node:fs';

const execFileAsync = promisify(execFile);
const SCRIPT = join(repositoryRoot, 'scripts', 'slurm-cluster.sh');

export interface SlurmTestCluster {
  directory: string;
  port: number;
  /** This process's environment plus SLURM_CONF. */
  environment: NodeJS.ProcessEnv;
  /** The stand-in trainer command (environment/README.md's contract, no GPU). */
  standInCommand: string[];
  run(action: 'start' | 'stop' | 'status'): Promise<string>;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20000 + 2 * Math.floor(Math.random() * 20000);
    if ((await portIsFree(port)) && (await portIsFree(port + 1))) return port;
  }
  throw new Error('no free port pair for slurmctld/slurmd');
}

/** Live processes whose command line names `directory` (the cluster's daemons and job steps). */
export function processesUsing(directory: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => commandLine(pid).includes(directory));
}

export async function startSlurmCluster(options: { minJobAge?: number } = {}): Promise<SlurmTestCluster> {
  const directory = await mkdtemp(join(tmpdir(), 'ecg-llm-slurm-'));
  const port = await freePortPair();
  const scriptEnvironment = { ...process.env, ECG_LLM_SLURM_DIR: directory, ECG_LLM_SLURM_PORT: String(port), ECG_LLM_SLURM_MIN_JOB_AGE: String(options.minJobAge ?? 300) };
  const run = async (action: 'start' | 'stop' | 'status'): Promise<string> => (await execFileAsync('bash', [SCRIPT, action], { env: scriptEnvironment })).stdout;
  await run('start');
  return {
    directory,
    port,
    environment: { ...process.env, SLURM_CONF: join(directory, 'etc', 'slurm.conf') },
    standInCommand: [process.execPath, join(repositoryRoot, 'test', 'finetune', 'stand-in-trainer.mjs')],
    run,
  };
}

export async function stopSlurmCluster(cluster: SlurmTestCluster): Promise<void> {
  await cluster.run('stop');
  expect(processesUsing(cluster.directory)).toEqual([]);
  await rm(cluster.directory, { recursive: true, force: true });
}

/** Starts a cluster before the file's tests and stops it after them. */
export function useSlurmCluster(options: { minJobAge?: number } = {}): () => SlurmTestCluster {
  let cluster: SlurmTestCluster | undefined;
  beforeAll(async () => {
    cluster = await startSlurmCluster(options);
  }, 60_000);
  afterAll(async () => {
    if (cluster) await stopSlurmCluster(cluster);
  }, 60_000);
  return () => {
    if (!cluster) throw new Error('the Slurm cluster did not start');
    return cluster;
  };
}
