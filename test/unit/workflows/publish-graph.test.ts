import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PUBLISH_FLAVOR, PUBLISH_PLATFORMS, PUBLISH_TAG_RULES } from '../../../packages/core/src/publish/defaults.ts';
import { ROOT } from '../contracts/action-sources.ts';

// The reusable workflows are what most users adopt first, and GitHub checks little of them
// before a run: these tests read them as data and hold them to the rules in their headers.

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  id?: string;
  if?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string> | string;
  strategy?: { matrix?: Record<string, unknown> };
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  steps?: Step[];
  uses?: string;
  secrets?: unknown;
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { default?: unknown }> }>;
  permissions?: unknown;
  jobs: Record<string, Job>;
  concurrency?: unknown;
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const workflowFiles = [
  ...readdirSync(join(ROOT, '.github/workflows'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => `.github/workflows/${f}`),
  ...readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => `examples/${f}`),
];
const reusable = ['.github/workflows/publish.yml', '.github/workflows/cleanup.yml'];
const load = (path: string) => parse(read(path)) as Workflow;
const publish = load('.github/workflows/publish.yml');

/** What each action needs from the job's token; a job's permissions are exactly the union. */
const NEEDS: Array<[RegExp, Record<string, 'read' | 'write'>]> = [
  [/^actions\/checkout@/, { contents: 'read' }],
  [/\/actions\/build@/, { contents: 'read', packages: 'write' }],
  [/\/actions\/merge@/, { packages: 'write' }],
  // Private images are pulled with the token; SARIF goes to code scanning.
  [/\/actions\/scan@/, { contents: 'read', packages: 'read', 'security-events': 'write' }],
  // The OIDC token for the certificate, the attestations API, and referrers next to the image.
  [/\/actions\/attest@/, { contents: 'read', packages: 'write', 'id-token': 'write', attestations: 'write' }],
  // The OIDC token for the certificate, and the signature pushed beside the image.
  [/\/actions\/sign@/, { contents: 'read', packages: 'write', 'id-token': 'write' }],
  [/\/actions\/cleanup@/, { packages: 'write' }],
];

function neededPermissions(job: Job): Record<string, string> {
  const needed: Record<string, string> = {};
  for (const step of job.steps ?? []) {
    for (const [pattern, grants] of NEEDS) {
      if (!step.uses || !pattern.test(step.uses)) continue;
      for (const [scope, level] of Object.entries(grants)) if (needed[scope] !== 'write') needed[scope] = level;
    }
  }
  return needed;
}

describe.each(reusable)('%s', (path) => {
  const workflow = load(path);

  it('grants nothing at the top and each job only what its steps use', () => {
    expect(workflow.permissions).toEqual({});
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job.permissions, `${path}: job ${name} must declare its permissions`).toBeTypeOf('object');
      expect(job.permissions, `${path}: job ${name}`).toEqual(neededPermissions(job));
    }
  });

  it('says in its header every permission the caller must grant', () => {
    const header = read(path).split('\nname:')[0]!;
    const granted = new Set(
      Object.values(workflow.jobs).flatMap((job) =>
        Object.entries(job.permissions as Record<string, string>).map(([k, v]) => `${k}: ${v}`),
      ),
    );
    for (const grant of granted) {
      const scope = grant.split(':')[0]!;
      // The header lists the strongest level a job needs for each scope.
      expect(header, `${path}: the header does not mention ${scope}`).toMatch(new RegExp(`${scope}: (read|write)`));
    }
  });

  it('never cancels the caller: no workflow-level group, job groups with our own prefix', () => {
    expect(workflow.concurrency).toBeUndefined();
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (!job.concurrency) continue;
      expect(job.concurrency.group, `${path}: job ${name}`).toMatch(/^ghcr-kit-/);
      expect(job.concurrency['cancel-in-progress'], `${path}: job ${name}`).toBe(false);
    }
  });
});

describe('publish.yml job graph', () => {
  const jobs = publish.jobs;
  const needs = (job: Job) => [job.needs ?? []].flat();

  it('builds every service on every platform, each leg on its own runner', () => {
    expect(Object.keys(jobs.build!.strategy!.matrix!).sort()).toEqual(['platform', 'service']);
    expect((jobs.build as unknown as { 'runs-on': string })['runs-on']).toContain('[matrix.platform]');
    const build = jobs.build!.steps!.find((s) => s.uses?.includes('/actions/build@'))!;
    expect(build.with).toMatchObject({
      'push-by-digest': true,
      platforms: '${{ matrix.platform }}',
      tags: '${{ matrix.service.image }}',
    });
  });

  it('names every digest artifact by service and platform, so no two legs collide', () => {
    const uploads = jobs.build!.steps!.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads).toHaveLength(1);
    const name = String(uploads[0]!.with!.name);
    const pair = /\$\{\{ steps\.(\w+)\.outputs\.pair \}\}/.exec(name);
    expect(name.startsWith('digests-${{ matrix.service.name }}-'), name).toBe(true);
    expect(pair, `${name} must hold the platform`).not.toBeNull();
    const leg = jobs.build!.steps!.find((s) => s.id === pair![1])!;
    expect(leg.env?.PLATFORM).toBe('${{ matrix.platform }}');
    // Artifact families of different jobs never overlap.
    const prefixes = Object.values(jobs).flatMap((job) =>
      (job.steps ?? [])
        .filter((s) => s.uses?.startsWith('actions/upload-artifact@'))
        .map((s) => String(s.with!.name).split('$')[0]),
    );
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('merges each service after every build leg, and never from a partial set', () => {
    expect(needs(jobs.merge!)).toContain('build');
    // always() or failure() would let merge run with a leg missing.
    expect(jobs.merge!.if ?? '').not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/);
    expect(Object.keys(jobs.merge!.strategy!.matrix!)).toEqual(['service']);
    const copy = jobs.merge!.steps!.find((s) => s.env?.PAIRS)!;
    expect(copy.env!.PAIRS).toBe('${{ needs.changes.outputs.pairs }}');
    expect(copy.run).toContain('exit 1');
  });

  it('scans and attests the merged digest', () => {
    for (const job of ['scan', 'attest']) {
      expect(needs(jobs[job]!)).toContain('report');
      expect(needs(jobs.report!)).toContain('merge');
    }
    const attest = jobs.attest!.steps!.filter((s) => s.uses?.includes('/actions/attest@'));
    for (const step of attest)
      expect(step.with!['subject-digest']).toBe('${{ fromJSON(needs.report.outputs.digests)[matrix.service.name] }}');
  });

  it('detects changes with no secrets and read-only contents', () => {
    expect(jobs.changes!.permissions).toEqual({ contents: 'read' });
    expect(JSON.stringify(jobs.changes)).not.toMatch(/secrets\./);
  });

  it('defaults to the publish scheme of the core', () => {
    const inputs = publish.on.workflow_call!.inputs!;
    expect(String(inputs.tags!.default).trim()).toBe(PUBLISH_TAG_RULES);
    expect(inputs.flavor!.default).toBe(PUBLISH_FLAVOR);
    expect(inputs.platforms!.default).toBe(PUBLISH_PLATFORMS.join(','));
    expect(inputs.runner!.default).toBe('linux/amd64=ubuntu-24.04,linux/arm64=ubuntu-24.04-arm');
  });
});

describe.each(workflowFiles)('%s', (path) => {
  const text = read(path);
  const workflow = load(path);
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
  const jobUses = Object.values(workflow.jobs).flatMap((job) => (job.uses ? [job.uses] : []));

  it('passes values to run: through env, never ${{ }}', () => {
    for (const step of steps) expect(step.run ?? '', `${path}: a run: block holds \${{ }}`).not.toContain('${{');
  });

  it('pins every third-party action by commit SHA, and the kit at one ref per file', () => {
    const uses = [...steps.flatMap((s) => (s.uses ? [s.uses] : [])), ...jobUses];
    const kitRefs = new Set<string>();
    for (const use of uses) {
      if (use.startsWith('./')) continue;
      const kit = /^ghcr-kit\/ghcr-kit\/.+@(.+)$/.exec(use);
      if (kit) kitRefs.add(kit[1]!);
      else expect(use, `${path}: ${use} is not pinned to a full commit SHA`).toMatch(/@[0-9a-f]{40}$/);
    }
    for (const ref of text.matchAll(/repository: ghcr-kit\/ghcr-kit\s+ref: (\S+)/g)) kitRefs.add(ref[1]!);
    expect(
      kitRefs.size,
      `${path}: the kit is referenced at several refs: ${[...kitRefs].join(', ')}`,
    ).toBeLessThanOrEqual(1);
  });

  it('names its secrets', () => {
    expect(text).not.toMatch(/secrets:\s*inherit/);
  });

  it("gives the kit's actions only inputs they declare", () => {
    for (const step of steps) {
      const kit = /^ghcr-kit\/ghcr-kit\/actions\/([\w-]+)@/.exec(step.uses ?? '');
      if (!kit) continue;
      const file = join(ROOT, 'actions', kit[1]!, 'action.yml');
      expect(existsSync(file), `${path}: uses actions/${kit[1]}, which has no action.yml`).toBe(true);
      const declared = Object.keys((parse(readFileSync(file, 'utf8')) as { inputs?: object }).inputs ?? {});
      for (const key of Object.keys(step.with ?? {}))
        expect(declared, `${path}: actions/${kit[1]} has no input "${key}"`).toContain(key);
    }
  });
});
