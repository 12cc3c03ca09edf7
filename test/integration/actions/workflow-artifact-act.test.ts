import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uploadWorkflowArtifact } from '../../../packages/core/src/actions/workflow-artifact.ts';
import { startArtifactService, type ArtifactService } from '../../harness/artifact-service.ts';

// @actions/artifact reads the service's address and token from process.env itself; the kit's
// check reads the env it is handed. Both get the same values here, as on a runner.
const saved = { ...process.env };
let dir: string;
let files: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-artifact-act-'));
  files = [join(dir, 'plan.json')];
  await writeFile(files[0]!, JSON.stringify({ packages: [] }));
});
afterAll(async () => {
  process.env = saved;
  await rm(dir, { recursive: true, force: true });
});

async function upload(service: ArtifactService, env: Record<string, string>) {
  Object.assign(process.env, service.env);
  return uploadWorkflowArtifact({ name: 'cleanup-plan', files, rootDirectory: dir, env: { ...service.env, ...env } });
}

describe("act 0.2.89's artifact server, as the simulator answers like it", () => {
  let act: ArtifactService;
  beforeAll(async () => {
    act = await startArtifactService({ act: true });
  });
  afterAll(() => act.stop());

  test('refuses the CreateArtifact of @actions/artifact 6 (mime_type) with a bare 500, takes it without', async () => {
    const create = (extra: Record<string, unknown>) =>
      fetch(`${act.url}/twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`, {
        method: 'POST',
        body: JSON.stringify({
          workflow_run_backend_id: '1',
          workflow_job_run_backend_id: '1',
          name: 'x',
          version: 7,
          ...extra,
        }),
      });
    const refused = await create({ mime_type: 'application/zip' });
    expect([refused.status, await refused.text()]).toEqual([500, '']);
    const taken = await create({});
    const { signedUploadUrl } = (await taken.json()) as { signedUploadUrl: string };
    // The padded signature a blob client that re-serializes the URL drops.
    expect(new URL(signedUploadUrl).searchParams.get('sig')).toMatch(/=$/);
  });

  test('under act the upload asks once, is told no, and says why in one message, with the files kept', async () => {
    act.requests.length = 0;
    act.artifacts.length = 0;
    const result = await upload(act, { ACT: 'true' });
    expect(result).toMatchObject({ uploaded: false, id: '' });
    expect(result.message).toBe(
      "not uploaded: act's artifact server refuses @actions/artifact 6's requests (HTTP 500 to its mime_type field: " +
        `act 0.2.89 and older, nektos/act#6021); the files are in ${dir}`,
    );
    // One request, and not the CreateArtifact the client would have retried five times.
    expect(act.requests).toEqual(['POST /twirp/github.actions.results.api.v1.ArtifactService/GetSignedArtifactURL']);
    expect(act.artifacts).toEqual([]);
  });
});

describe('servers that take the client: the question changes nothing', () => {
  test('under act, a server that answers the question (a newer act) gets the upload', async () => {
    const service = await startArtifactService({ runId: '7', jobId: '7' });
    try {
      const result = await upload(service, { ACT: 'true' });
      expect(result).toMatchObject({ uploaded: true, name: 'cleanup-plan' });
      expect(service.requests[0]).toBe(
        'POST /twirp/github.actions.results.api.v1.ArtifactService/GetSignedArtifactURL',
      );
      expect(service.artifacts.map((a) => [a.name, a.finalized])).toEqual([['cleanup-plan', true]]);
    } finally {
      await service.stop();
    }
  });

  test("off act (no ACT=true) nothing is asked first: the upload is the client's requests alone", async () => {
    const service = await startArtifactService();
    try {
      const result = await upload(service, {});
      expect(result.uploaded).toBe(true);
      expect(service.requests.some((r) => r.includes('GetSignedArtifactURL'))).toBe(false);
      expect(service.requests[0]).toBe('POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact');
    } finally {
      await service.stop();
    }
  });

  test('under act, a server that is not there is one message too', async () => {
    const gone = await startArtifactService({ act: true });
    await gone.stop();
    const result = await upload(gone, { ACT: 'true' });
    expect(result.uploaded).toBe(false);
    expect(result.message).toMatch(
      /^not uploaded: act's artifact server at http:\/\/127\.0\.0\.1:\d+ does not answer \(ECONNREFUSED\); the files/,
    );
  });
});
