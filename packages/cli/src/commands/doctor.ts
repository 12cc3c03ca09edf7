import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { splitInputList } from '@ghcr-kit/core/actions';
import { parseServices } from '@ghcr-kit/core/publish';
import { parseImageRef } from '@ghcr-kit/core/reference';
import { checkDockerfileRegistries } from '../doctor/dockerfile-registries.ts';
import { formatFindings, type Finding } from '../doctor/finding.ts';
import { checkImageName, findUnloweredNames } from '../doctor/image-names.ts';
import { checkPackageAccess, READ_PACKAGES_FIX } from '../doctor/package-access.ts';
import { checkWorkflowPermissions } from '../doctor/workflow-permissions.ts';
import { parseWorkflow, type WorkflowStep as Step } from '../doctor/workflow-shape.ts';
import { localRun, type LocalFlags } from '../local-context.ts';

export interface DoctorFlags extends LocalFlags {
  workflow?: string[];
  dockerfile?: string[];
  images?: string;
  json?: boolean;
}

/** What the caller's workflows say they build: image names (with where they came from) and Dockerfiles. */
interface Targets {
  images: Array<{ name: string; where: string }>;
  dockerfiles: string[];
  steps: Array<{ file: string; steps: Step[] }>;
}

/**
 * `ghcr-kit doctor`: what makes first runs fail, checked read-only, each with its fix. Reads the
 * caller's workflows (the kit's jobs and steps in them), the image names and Dockerfiles they
 * name, and, with a token that can read packages, the GHCR package behind each ghcr.io image.
 * Exit code 1 when something must be fixed.
 */
export async function doctor(
  flags: DoctorFlags,
  env: Record<string, string | undefined>,
): Promise<{ text: string; code: number }> {
  const cwd = resolve(flags.cwd ?? '.');
  const run = localRun(flags, env);
  const repository = run.env.GITHUB_REPOSITORY!;
  const findings: Finding[] = [];
  const workflows = flags.workflow?.length ? flags.workflow : kitWorkflows(cwd);
  const targets: Targets = { images: [], dockerfiles: [], steps: [] };

  for (const file of workflows) {
    const shown = relative(cwd, resolve(cwd, file)) || file;
    if (!existsSync(resolve(cwd, file))) {
      findings.push({
        check: 'permissions',
        status: 'fail',
        subject: shown,
        message: 'no such workflow file',
        fix: 'pass --workflow .github/workflows/<file>.yml',
      });
      continue;
    }
    const text = readFileSync(resolve(cwd, file), 'utf8');
    findings.push(...checkWorkflowPermissions(shown, text));
    collectTargets(shown, text, repository, targets, findings);
  }
  if (workflows.length === 0)
    findings.push({
      check: 'permissions',
      status: 'warn',
      subject: '.github/workflows',
      message: 'no workflow here uses ghcr-kit',
      fix: 'pass --workflow FILE, or run doctor in the repository that calls the kit',
    });

  const images = [
    ...splitInputList(flags.images?.replace(/;/g, '\n') ?? '').map((name) => ({ name, where: '--images' })),
    ...targets.images,
  ];
  const seen = new Set<string>();
  for (const image of images) {
    if (seen.has(image.name)) continue;
    seen.add(image.name);
    findings.push(checkImageName(image.name, image.where));
  }
  for (const { file, steps } of targets.steps) findings.push(...findUnloweredNames(file, steps, repository));

  const dockerfiles = flags.dockerfile?.length
    ? flags.dockerfile
    : [...new Set([...targets.dockerfiles, ...(existsSync(join(cwd, 'Dockerfile')) ? ['Dockerfile'] : [])])];
  for (const file of dockerfiles) {
    if (!existsSync(resolve(cwd, file))) {
      findings.push({
        check: 'Dockerfile',
        status: flags.dockerfile?.length ? 'fail' : 'warn',
        subject: file,
        message: 'not found',
        fix: 'pass --dockerfile PATH',
      });
      continue;
    }
    findings.push(...checkDockerfileRegistries(file, readFileSync(resolve(cwd, file), 'utf8')));
  }

  findings.push(...(await packageFindings([...seen], repository, env)));
  const code = findings.some((f) => f.status === 'fail') ? 1 : 0;
  const notes = run.notes.map((note) => `note: ${note}\n`).join('');
  return {
    text: flags.json
      ? `${JSON.stringify({ repository, findings }, null, 2)}\n`
      : `${notes}ghcr-kit doctor for ${repository}\n\n${formatFindings(findings)}`,
    code,
  };
}

async function packageFindings(
  names: string[],
  repository: string,
  env: Record<string, string | undefined>,
): Promise<Finding[]> {
  const ghcr = [
    ...new Set(
      names.flatMap((name) => {
        try {
          const ref = parseImageRef(name);
          return ref.registry === 'ghcr.io' ? [ref.repository] : [];
        } catch {
          return [];
        }
      }),
    ),
  ];
  if (ghcr.length === 0) return [];
  const token = env.GH_TOKEN || env.GITHUB_TOKEN;
  if (!token) {
    return [
      {
        check: 'package',
        status: 'warn',
        subject: 'ghcr.io',
        message: 'not checked: no token',
        fix: READ_PACKAGES_FIX,
      },
    ];
  }
  // Inside a workflow of this repository, its own GITHUB_TOKEN sees exactly what its jobs will.
  const workflowToken =
    env.GITHUB_ACTIONS === 'true' && !env.GH_TOKEN && env.GITHUB_REPOSITORY?.toLowerCase() === repository.toLowerCase();
  const options = { token, baseUrl: env.GITHUB_API_URL || 'https://api.github.com', repository, workflowToken };
  return Promise.all(ghcr.map((path) => checkPackageAccess({ registry: 'ghcr.io', repository: path }, options)));
}

/** The workflow files under .github/workflows that use the kit. */
function kitWorkflows(cwd: string): string[] {
  const dir = join(cwd, '.github', 'workflows');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && readFileSync(join(dir, f), 'utf8').includes('ghcr-kit/ghcr-kit'))
    .sort()
    .map((f) => join('.github', 'workflows', f));
}

/** Image names and Dockerfiles from the kit's jobs and steps in one workflow. */
function collectTargets(file: string, text: string, repository: string, targets: Targets, findings: Finding[]): void {
  let jobs;
  try {
    jobs = Object.values(parseWorkflow(file, text).jobs ?? {});
  } catch {
    return; // the permissions check has reported it
  }
  const owner = repository.split('/')[0]!;
  // A name the runner fills in from the repository can be checked here; other expressions cannot.
  const expand = (value: string) =>
    value
      .replace(/\$\{\{\s*github\.repository\s*\}\}/g, repository)
      .replace(/\$\{\{\s*github\.repository_owner\s*\}\}/g, owner);
  const addImages = (value: unknown, where: string) => {
    for (const name of splitInputList(expand(String(value ?? ''))))
      if (!name.includes('${{')) targets.images.push({ name, where });
  };
  const addBuild = (w: Record<string, unknown>) => {
    const context = String(w.context ?? '.');
    if (!String(w.file ?? '').includes('${{') && !context.includes('${{'))
      targets.dockerfiles.push(w.file ? String(w.file) : join(context, 'Dockerfile'));
  };
  for (const job of jobs) {
    targets.steps.push({ file, steps: job.steps ?? [] });
    const services = expand(String(job.with?.services ?? ''));
    if (
      /^ghcr-kit\/ghcr-kit\/\.github\/workflows\/publish\.ya?ml@/.test(job.uses ?? '') &&
      services &&
      !services.includes('${{')
    ) {
      try {
        for (const service of parseServices(services, repository, String(job.with?.registry ?? 'ghcr.io'))) {
          targets.images.push({ name: service.image, where: `${file} service ${service.name}` });
          targets.dockerfiles.push(service.file);
        }
      } catch (error) {
        findings.push({
          check: 'image name',
          status: 'fail',
          subject: `${file} services`,
          message: (error as Error).message,
        });
      }
    }
    for (const step of job.steps ?? []) {
      const w = step.with ?? {};
      const root = /^ghcr-kit\/ghcr-kit@/.test(step.uses ?? '');
      const action = /^ghcr-kit\/ghcr-kit\/actions\/([\w-]+)@/.exec(step.uses ?? '')?.[1];
      if (root || action === 'meta' || action === 'merge')
        addImages(w.images ?? (root ? `ghcr.io/${repository}`.toLowerCase() : ''), `${file} ${step.uses}`);
      if (root || action === 'build') addBuild(w);
    }
  }
}
