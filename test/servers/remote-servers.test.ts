/**
 * The Docker Engine and Kubernetes API test servers themselves: they refuse what the real APIs refuse, in the
 * real error formats, so a backend that sends a wrong request fails here as it would against a real daemon or
 * cluster. Raw `fetch` is used so the checks do not depend on the backends. Expected status codes and messages:
 * the Docker Engine API v1.43 reference (errors `{"message"}`, 404 no such container, 400 for a too-new client
 * version) and the Kubernetes API conventions (Status objects, 401 Unauthorized, 422 Invalid, 404 NotFound).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerEngineServer, startKubernetesApiServer, useTestServers } from './index.js';

const track = useTestServers();
let claim = '';
beforeAll(async () => {
  claim = await mkdtemp(join(tmpdir(), 'remote-servers-'));
});
afterAll(async () => {
  await rm(claim, { recursive: true, force: true });
});
const image = `registry.example.org/trainer@sha256:${'ab'.repeat(32)}`;

describe('Docker Engine test server', () => {
  it('answers in the daemon formats and refuses what the daemon refuses', async () => {
    const server = await track(startDockerEngineServer({ images: [image], outcome: 'run-until-stopped' }));
    const ping = await fetch(`${server.url}/_ping`);
    expect(await ping.text()).toBe('OK');
    expect(ping.headers.get('api-version')).toBe('1.47');
    const tooNew = await fetch(`${server.url}/v1.99/containers/x/json`);
    expect(tooNew.status).toBe(400);
    expect(await tooNew.json()).toEqual({ message: 'client version 1.99 is too new. Maximum supported API version is 1.47' });
    const missing = await fetch(`${server.url}/v1.43/containers/nope/json`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'No such container: nope' });
    const post = (path: string, body?: unknown) => fetch(`${server.url}/v1.43${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await post('/containers/create?name=job', { Image: `registry.example.org/other@sha256:${'cd'.repeat(32)}` })).status).toBe(404);
    expect((await post('/containers/create?name=job', { Image: image, HostConfig: { Binds: ['/in:/input'] } })).status).toBe(400); // /input must be read-only
    expect((await post('/containers/create?name=job', { Image: image, HostConfig: { Binds: ['relative:/output'] } })).status).toBe(400);
    const created = await post('/containers/create?name=job', { Image: image });
    expect(created.status).toBe(201);
    const { Id } = (await created.json()) as { Id: string };
    expect(Id).toMatch(/^[0-9a-f]{64}$/);
    expect((await post('/containers/create?name=job', { Image: image })).status).toBe(409);
    expect((await post(`/containers/${Id}/start`)).status).toBe(204);
    expect((await post(`/containers/${Id}/start`)).status).toBe(304);
    expect((await fetch(`${server.url}/v1.43/containers/${Id}/logs`)).status).toBe(400); // neither stdout nor stderr
    // Like the daemon, logs without `follow` return what the container has printed so far: ask until it has
    // printed its first line (the simulated trainer writes it asynchronously after start).
    let body = Buffer.alloc(0);
    for (const deadline = Date.now() + 10_000; body.length === 0 && Date.now() < deadline; ) {
      const logs = await fetch(`${server.url}/v1.43/containers/${Id}/logs?stdout=1&stderr=1`);
      expect(logs.headers.get('content-type')).toBe('application/vnd.docker.multiplexed-stream');
      body = Buffer.from(await logs.arrayBuffer());
      if (body.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([body[0], body[1], body[2], body[3]]).toEqual([1, 0, 0, 0]); // a stdout frame header
    expect(body.readUInt32BE(4)).toBe(body.indexOf('\n', 8) - 8 + 1);
    expect((await fetch(`${server.url}/v1.43/containers/${Id}/archive?path=/etc`)).status).toBe(404);
    expect((await fetch(`${server.url}/v1.43/containers/${Id}`, { method: 'DELETE' })).status).toBe(409); // running
    expect((await post(`/containers/${Id}/stop?t=1`)).status).toBe(204);
    const inspect = (await (await fetch(`${server.url}/v1.43/containers/${Id}/json`)).json()) as { State: { Status: string; ExitCode: number } };
    expect(inspect.State).toMatchObject({ Status: 'exited', ExitCode: 143 });
  });
});

describe('Kubernetes API test server', () => {
  it('requires the bearer token and answers errors as Status objects', async () => {
    const server = await track(startKubernetesApiServer({ volumeClaims: { data: claim }, bearerToken: 'secret-bearer-value' }));
    const unauthorised = await fetch(`${server.url}/apis/batch/v1/namespaces/ns/jobs/x`);
    expect(unauthorised.status).toBe(401);
    expect(await unauthorised.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    const headers = { authorization: 'Bearer secret-bearer-value', 'content-type': 'application/json' };
    const missing = await fetch(`${server.url}/apis/batch/v1/namespaces/ns/jobs/x`, { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'jobs.batch "x" not found', code: 404 });
    const job = (restartPolicy: string, gpuRequest = '1') => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'train' },
      spec: { template: { spec: { restartPolicy, containers: [{ name: 'trainer', image, resources: { limits: { 'nvidia.com/gpu': '1' }, requests: { 'nvidia.com/gpu': gpuRequest } } }] } } },
    });
    const always = await fetch(`${server.url}/apis/batch/v1/namespaces/ns/jobs`, { method: 'POST', headers, body: JSON.stringify(job('Always')) });
    expect(always.status).toBe(422);
    expect(((await always.json()) as { message: string }).message).toContain('spec.template.spec.restartPolicy');
    const unequal = await fetch(`${server.url}/apis/batch/v1/namespaces/ns/jobs`, { method: 'POST', headers, body: JSON.stringify(job('Never', '2')) });
    expect(unequal.status).toBe(422);
    expect(((await unequal.json()) as { message: string }).message).toContain('must be equal to nvidia.com/gpu limit of 1');
    const created = await fetch(`${server.url}/apis/batch/v1/namespaces/ns/jobs`, { method: 'POST', headers, body: JSON.stringify(job('Never')) });
    expect(created.status).toBe(201);
    const pods = (await (await fetch(`${server.url}/api/v1/namespaces/ns/pods?labelSelector=job-name%3Dtrain`, { headers })).json()) as { kind: string; items: { metadata: { name: string; labels: Record<string, string> } }[] };
    expect(pods.kind).toBe('PodList');
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0]!.metadata.labels['batch.kubernetes.io/job-name']).toBe('train');
    // The exec endpoint refuses a plain HTTP request that is not a WebSocket upgrade (no such route).
    expect((await fetch(`${server.url}/api/v1/namespaces/ns/pods/${pods.items[0]!.metadata.name}/exec?command=ls`, { headers })).status).toBe(404);
  });
});
