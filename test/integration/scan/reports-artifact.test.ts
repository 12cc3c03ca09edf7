import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { reportsArtifactName, uploadReportsArtifact } from '../../../packages/core/src/scan/reports-artifact.ts';
import { startArtifactService, unzipEntries, type ArtifactService } from '../../harness/artifact-service.ts';

// @actions/artifact reads ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL from process.env itself,
// so these tests set them there as the runner would, and put them back afterwards.
let service: ArtifactService;
let dir: string;
let files: string[];
const saved = { ...process.env };

beforeAll(async () => {
  service = await startArtifactService({ runId: 'run-1', jobId: 'job-1' });
  dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-artifact-'));
  files = [
    join(dir, '01-acme-app-linux-amd64.spdx.json'),
    join(dir, '01-acme-app-linux-amd64.cdx.json'),
    join(dir, 'trivy.sarif'),
  ];
  for (const [i, f] of files.entries()) await writeFile(f, JSON.stringify({ file: i, padding: 'x'.repeat(4000) }));
  Object.assign(process.env, service.env);
});
afterEach(() => {
  service.artifacts.length = 0;
});
afterAll(async () => {
  process.env = saved;
  await service?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the reports artifact through the real @actions/artifact client and the simulator', () => {
  test('CreateArtifact, Put Block, Put Block List, FinalizeArtifact: one zip with the three reports', async () => {
    const result = await uploadReportsArtifact({
      subjects: ['acme/app', 'acme/app'],
      files,
      rootDirectory: dir,
      env: { ...service.env, GITHUB_RUN_ATTEMPT: '1' },
    });
    expect(result).toMatchObject({ uploaded: true, name: 'sbom-acme-app' });
    const [stored] = service.artifacts;
    expect(result.id).toBe(String(stored!.id));
    expect(stored).toMatchObject({
      name: 'sbom-acme-app',
      runId: 'run-1',
      jobId: 'job-1',
      finalized: true,
      mimeType: 'application/zip',
    });
    expect(stored!.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const entries = unzipEntries(stored!.blob);
    expect([...entries.keys()].sort()).toEqual([
      '01-acme-app-linux-amd64.cdx.json',
      '01-acme-app-linux-amd64.spdx.json',
      'trivy.sarif',
    ]);
    expect(JSON.parse(entries.get('trivy.sarif')!.toString())).toMatchObject({ file: 2 });
    const blobRequests = service.requests.filter((r) => r.startsWith('PUT /blob/'));
    expect(blobRequests.some((r) => r.includes('comp=block&'))).toBe(true);
    expect(blobRequests.some((r) => r.includes('comp=blocklist'))).toBe(true);
  });

  test('a re-run (attempt 2) in the same run gets its own name, not a 409', async () => {
    await uploadReportsArtifact({ subjects: ['acme/app'], files, rootDirectory: dir, env: service.env });
    const rerun = await uploadReportsArtifact({
      subjects: ['acme/app'],
      files,
      rootDirectory: dir,
      env: { ...service.env, GITHUB_RUN_ATTEMPT: '2' },
    });
    expect(rerun).toMatchObject({ uploaded: true, name: 'sbom-acme-app-attempt-2' });
    expect(service.artifacts.map((a) => a.name)).toEqual(['sbom-acme-app', 'sbom-acme-app-attempt-2']);
  });

  test('the same image twice in one attempt: the 409 is answered with a suffixed name', async () => {
    await uploadReportsArtifact({ subjects: ['acme/app'], files, rootDirectory: dir, env: service.env });
    const second = await uploadReportsArtifact({
      subjects: ['acme/app'],
      files,
      rootDirectory: dir,
      env: { ...service.env, GITHUB_JOB: 'scan' },
    });
    expect(second.uploaded).toBe(true);
    expect(second.name).toMatch(/^sbom-acme-app-scan-[0-9a-f]{6}$/);
    expect(service.artifacts.filter((a) => a.finalized)).toHaveLength(2);
  });

  test('without the service: not uploaded, says why, and does not throw', async () => {
    const result = await uploadReportsArtifact({ subjects: ['acme/app'], files, rootDirectory: dir, env: {} });
    expect(result).toMatchObject({ uploaded: false, id: '' });
    expect(result.message).toMatch(/no artifact service here \(ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL unset\)/);
    expect(service.artifacts).toHaveLength(0);
  });

  test('names: the repository slug, characters the service refuses replaced', () => {
    expect(reportsArtifactName(['ghcr.io/acme/app'], undefined)).toBe('sbom-ghcr.io-acme-app');
    expect(reportsArtifactName(['./'], '1')).toBe('sbom-scan');
    expect(reportsArtifactName(['acme/a', 'acme/b'], '3')).toBe('sbom-acme-a-acme-b-attempt-3');
  });
});
