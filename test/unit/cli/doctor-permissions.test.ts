import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkWorkflowPermissions } from '../../../packages/cli/src/doctor/workflow-permissions.ts';
import { ROOT } from '../contracts/action-sources.ts';

// A first run that fails on "Resource not accessible by integration" or "denied: installation
// not allowed to Write organization package" is a missing `permissions:` grant. doctor reads the
// caller's workflow and names the grant each job lacks, for the parts of the kit it uses.

const job = (uses: string, permissions: string, extra = '') => `
on: push
jobs:
  publish:
    runs-on: ubuntu-24.04
    permissions: ${permissions}
    steps:
      - uses: ${uses}${extra}
`;

describe('doctor: workflow permissions', () => {
  test.each([
    [
      'the root action with the README grant',
      job(
        'ghcr-kit/ghcr-kit@v0',
        '{ contents: read, packages: write, security-events: write, id-token: write, attestations: write }',
      ),
      'ok',
      '',
    ],
    [
      'the root action without attest grants',
      job('ghcr-kit/ghcr-kit@v0', '{ contents: read, packages: write, security-events: write }'),
      'fail',
      'lacks id-token: write (attest), attestations: write (attest)',
    ],
    [
      'the root action with attest and scan off',
      job(
        'ghcr-kit/ghcr-kit@v0',
        '{ contents: read, packages: write }',
        '\n        with: { scan: false, attest: false }',
      ),
      'ok',
      '',
    ],
    ['merge needs packages only', job('ghcr-kit/ghcr-kit/actions/merge@v0', '{ packages: write }'), 'ok', ''],
    [
      'build with read-only packages',
      job('ghcr-kit/ghcr-kit/actions/build@v0', '{ contents: read, packages: read }'),
      'fail',
      'lacks packages: write (build)',
    ],
    ['meta with read-all', job('ghcr-kit/ghcr-kit/actions/meta@v0', 'read-all'), 'ok', ''],
    [
      'scan without SARIF upload needs no security-events',
      job(
        'ghcr-kit/ghcr-kit/actions/scan@v0',
        '{ contents: read, packages: read }',
        "\n        with: { upload-sarif: 'false' }",
      ),
      'ok',
      '',
    ],
    [
      'scan of a private image',
      job('ghcr-kit/ghcr-kit/actions/scan@v0', '{ contents: read, security-events: write }'),
      'fail',
      'lacks packages: read (scan)',
    ],
    [
      'cleanup with nothing',
      job('ghcr-kit/ghcr-kit/actions/cleanup@v0', '{}'),
      'fail',
      'lacks packages: write (cleanup)',
    ],
  ])('%s', (_name, text, status, message) => {
    const [finding] = checkWorkflowPermissions('ci.yml', text);
    expect(finding).toMatchObject({ check: 'permissions', status, subject: 'ci.yml job publish' });
    if (message) expect(finding!.message).toBe(message);
  });

  test('a called publish.yml needs, in the calling job, what its jobs use', () => {
    const text = `
on: push
permissions: { contents: read }
jobs:
  images:
    uses: ghcr-kit/ghcr-kit/.github/workflows/publish.yml@0123456789abcdef0123456789abcdef01234567
    permissions: { contents: read, packages: write, security-events: write }
    with: { services: '- name: app' }
`;
    const [finding] = checkWorkflowPermissions('release.yml', text);
    expect(finding!.status).toBe('fail');
    expect(finding!.message).toBe('lacks id-token: write (attest), attestations: write (attest)');
    expect(finding!.fix).toBe(
      "add to the job's permissions:\n  id-token: write   # attest\n  attestations: write   # attest",
    );
  });

  test('a job without permissions gets the block to add, and jobs without the kit are not judged', () => {
    const text = `
on: push
jobs:
  lint:
    runs-on: ubuntu-24.04
    steps: [{ run: npm test }]
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: ghcr-kit/ghcr-kit/actions/meta@v0
      - uses: ghcr-kit/ghcr-kit/actions/build@v0
`;
    const findings = checkWorkflowPermissions('ci.yml', text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'fail', subject: 'ci.yml job build' });
    expect(findings[0]!.message).toMatch(/^no permissions: block/);
    expect(findings[0]!.fix).toBe(
      'give the job:\npermissions:\n  contents: read   # build\n  packages: write   # build',
    );
  });

  test('the workflow-level grant applies to jobs without their own', () => {
    const text =
      'on: push\npermissions: { contents: read, packages: write }\n' +
      'jobs:\n  b:\n    runs-on: x\n    steps: [{ uses: ghcr-kit/ghcr-kit/actions/merge@v0 }]\n';
    expect(checkWorkflowPermissions('w.yml', text)[0]!.status).toBe('ok');
  });
});

describe('doctor on our own workflows and examples', () => {
  // The README's permission table, our reusable workflows and the examples must agree with doctor.
  const files = [
    ...readdirSync(join(ROOT, '.github/workflows')).map((f) => `.github/workflows/${f}`),
    ...readdirSync(join(ROOT, 'examples'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => `examples/${f}`),
  ];
  test.each(files)('%s grants what its jobs use', (file) => {
    const findings = checkWorkflowPermissions(file, readFileSync(join(ROOT, file), 'utf8'));
    expect(findings.filter((f) => f.status !== 'ok')).toEqual([]);
  });
});

test('a file that is not a workflow is one finding naming it', () => {
  expect(checkWorkflowPermissions('ci.yml', 'jobs: [1, 2]\n')).toEqual([
    {
      check: 'permissions',
      status: 'fail',
      subject: 'ci.yml',
      message: expect.stringMatching(/^ci\.yml is not a workflow: jobs: expected record/),
    },
  ]);
  expect(checkWorkflowPermissions('ci.yml', 'jobs: {\n')[0]!.message).toMatch(/^ci\.yml is not valid YAML/);
});
