import type { Finding } from './finding.ts';
import { parseWorkflow, type WorkflowJob as Job } from './workflow-shape.ts';

type Level = 'read' | 'write';
type Grants = Record<string, Level>;

/**
 * What each part of the kit needs from the job's token (README, "Permissions each part needs";
 * test/unit/workflows holds our own workflows to the same table). meta reads the event payload
 * and asks the API nothing when the payload has the repository, as a runner's always does.
 */
const NEEDS: Record<string, Grants> = {
  checkout: { contents: 'read' },
  meta: {},
  build: { contents: 'read', packages: 'write' },
  merge: { packages: 'write' },
  // Private images are pulled with the job's token; SARIF goes to code scanning.
  scan: { contents: 'read', packages: 'read', 'security-events': 'write' },
  attest: { 'id-token': 'write', attestations: 'write' },
  cleanup: { packages: 'write' },
};
// Every scope `read-all` / `write-all` stand for:
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions
const SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'id-token',
  'issues',
  'discussions',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
];

const off = (value: unknown) => String(value) === 'false';
const on = (value: unknown) => String(value) === 'true';

/** The parts of the kit a job runs, each with what it needs. */
export function partsOfJob(job: Job): Array<{ part: string; needs: Grants }> {
  const parts: Array<{ part: string; needs: Grants }> = [];
  // `change` adjusts the part's needs to its inputs; null drops a scope.
  const add = (part: string, change: Record<string, Level | null> = {}) => {
    const needs: Record<string, Level | null> = { ...NEEDS[part], ...change };
    parts.push({ part, needs: Object.fromEntries(Object.entries(needs).filter(([, level]) => level)) as Grants });
  };
  const scanChange = (w: Record<string, unknown>): Record<string, null> =>
    off(w['upload-sarif']) ? { 'security-events': null } : {};
  // publish.yml and the root action: meta, build, then scan and attest unless switched off.
  const pipeline = (w: Record<string, unknown>, merge: boolean) => {
    add('meta');
    add('build');
    if (merge) add('merge');
    if (!off(w.scan)) add('scan', scanChange(w));
    if (!off(w.attest)) add('attest', { packages: 'write' });
  };
  const called = /^ghcr-kit\/ghcr-kit\/\.github\/workflows\/(publish|cleanup)\.ya?ml@/.exec(job.uses ?? '');
  if (called?.[1] === 'publish') pipeline(job.with ?? {}, true);
  if (called?.[1] === 'cleanup') add('cleanup', { contents: 'read' });
  for (const step of job.steps ?? []) {
    const w = step.with ?? {};
    if (/^ghcr-kit\/ghcr-kit@/.test(step.uses ?? '')) pipeline(w, false);
    if (/^actions\/checkout@/.test(step.uses ?? '')) add('checkout');
    const action = /^ghcr-kit\/ghcr-kit\/actions\/([\w-]+)@/.exec(step.uses ?? '')?.[1];
    if (!action || !NEEDS[action]) continue;
    if (action === 'attest' && String(w.mode) === 'verify') add('attest', { 'id-token': null, attestations: 'read' });
    else if (action === 'attest') add('attest', on(w['push-to-registry']) ? { packages: 'write' } : {});
    else if (action === 'scan') add('scan', scanChange(w));
    else add(action);
  }
  return parts;
}

function grantsOf(permissions: unknown): Grants | undefined {
  if (permissions === undefined || permissions === null) return undefined;
  if (permissions === 'read-all' || permissions === 'write-all')
    return Object.fromEntries(SCOPES.map((s) => [s, permissions === 'write-all' ? 'write' : 'read']));
  if (typeof permissions !== 'object') return {};
  return Object.fromEntries(
    Object.entries(permissions as Record<string, string>).filter(([, v]) => v === 'read' || v === 'write'),
  ) as Grants;
}

const enough = (have: Level | undefined, need: Level) => have === 'write' || (have === 'read' && need === 'read');

/** One finding per job that uses the kit: its `permissions:` against what its parts need. */
export function checkWorkflowPermissions(file: string, text: string): Finding[] {
  let workflow;
  try {
    workflow = parseWorkflow(file, text);
  } catch (error) {
    return [{ check: 'permissions', status: 'fail', subject: file, message: (error as Error).message }];
  }
  const findings: Finding[] = [];
  for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
    const parts = partsOfJob(job);
    if (!parts.some((p) => p.part !== 'checkout')) continue;
    const subject = `${file} job ${name}`;
    const needed: Grants = {};
    const why: Record<string, string[]> = {};
    for (const { part, needs } of parts) {
      for (const [scope, level] of Object.entries(needs)) {
        if (needed[scope] !== 'write') needed[scope] = level;
        const parts = (why[scope] ??= []);
        if (!parts.includes(part)) parts.push(part);
      }
    }
    const block = (grants: Grants) =>
      Object.entries(grants)
        .map(([scope, level]) => `  ${scope}: ${level}   # ${why[scope]!.join(', ')}`)
        .join('\n');
    const have = grantsOf(job.permissions ?? workflow.permissions);
    const usedParts = [...new Set(parts.map((p) => p.part))].join(', ');
    if (!have) {
      findings.push({
        check: 'permissions',
        status: 'fail',
        subject,
        message:
          "no permissions: block, so the job gets the repository's default token " +
          `(read-only for repositories created since February 2023), and ${usedParts} need more`,
        fix: `give the job:\npermissions:\n${block(needed)}`,
      });
      continue;
    }
    const missing = Object.fromEntries(
      Object.entries(needed).filter(([scope, level]) => !enough(have[scope], level)),
    ) as Grants;
    if (Object.keys(missing).length === 0) {
      findings.push({ check: 'permissions', status: 'ok', subject, message: `grants what ${usedParts} need` });
    } else {
      const list = Object.entries(missing)
        .map(([scope, level]) => `${scope}: ${level} (${why[scope]!.join(', ')})`)
        .join(', ');
      findings.push({
        check: 'permissions',
        status: 'fail',
        subject,
        message: `lacks ${list}`,
        fix: `add to the job's permissions:\n${block(missing)}`,
      });
    }
  }
  return findings;
}
