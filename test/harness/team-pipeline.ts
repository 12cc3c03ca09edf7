import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { prepareAct, runAct, type ActRun, type ActSandbox } from './act.ts';
import { CallerRepo } from './caller-repo.ts';
import { startGhcrSimulator, type GhcrSimulator } from './ghcr-simulator.ts';
import { readPushedImage, tagsOf, type PushedImage } from './pushed-image.ts';
import { startRegistry, type LocalRegistry } from './registry.ts';
import { REPO_ROOT } from './run-action.ts';
import { builtScanner } from './scanners.ts';
import { pushFixtureDb } from './trivy-db.ts';

/** The GitHub repository a team's example plays: `Owner/Name` as GitHub spells it. */
export interface TeamRepository {
  owner: string;
  name: string;
}

export interface TeamRunOptions {
  vars?: Record<string, string>;
  env?: Record<string, string>;
}

/** The token the GHCR simulator knows as the workflow token, with the package Admin role. */
const WORKFLOW_TOKEN = 'ghs_teamWorkflowToken';

/**
 * One team's caller repository (examples/teams/<team>) run through act. The workflows log in
 * as the workflow token's user, exactly as on GitHub: act's `GITHUB_TOKEN` secret is the
 * token and `--actor` its user, and `vars.REGISTRY` points the image names at our registry:
 * - by default a local registry with a password (the token is the password);
 * - with `ghcr: true`, the GHCR simulator (Packages API and `/v2/`) in front of a local
 *   registry, for the teams whose pipelines also clean up; `GITHUB_API_URL` points at it.
 */
export class TeamPipeline {
  private constructor(
    readonly registry: LocalRegistry,
    readonly ghcr: GhcrSimulator | undefined,
    readonly sandbox: ActSandbox,
    readonly repo: CallerRepo,
    readonly github: TeamRepository,
  ) {}

  static async start(team: string, github: TeamRepository, options: { ghcr?: boolean } = {}): Promise<TeamPipeline> {
    const registry = await startRegistry({ auth: options.ghcr ? 'none' : 'htpasswd' });
    const ghcr = options.ghcr
      ? await startGhcrSimulator({
          tokens: { [WORKFLOW_TOKEN]: { login: github.owner, canDelete: true } },
          owners: { [github.owner]: 'User' },
          upstream: registry.host,
        })
      : undefined;
    const work = mkdtempSync(join(tmpdir(), `ghcr-kit-team-${team}-`));
    const example = join(REPO_ROOT, 'examples/teams', team);
    const workflows = join(example, '.github/workflows');
    const hosts = ghcr ? [ghcr.host, registry.host] : [registry.host];
    const sandbox = await prepareAct(
      work,
      hosts,
      readdirSync(workflows).map((file) => join(workflows, file)),
    );
    mkdirSync(join(work, 'repo'));
    const repo = CallerRepo.create(
      example,
      join(work, 'repo'),
      `https://github.com/${github.owner}/${github.name}.git`,
    );
    return new TeamPipeline(registry, ghcr, sandbox, repo, github);
  }

  /** The registry host the workflows push to. */
  get host(): string {
    return this.ghcr?.host ?? this.registry.host;
  }

  /** The `repository` object of an event payload, with what meta would otherwise ask the API for. */
  repositoryPayload(): Record<string, unknown> {
    const { owner, name } = this.github;
    return {
      name,
      full_name: `${owner}/${name}`,
      owner: { login: owner },
      html_url: `https://github.com/${owner}/${name}`,
      default_branch: 'main',
      private: false,
    };
  }

  /** Runs one event; `"act": true` in the payload is act's documented switch for steps that cannot run locally. */
  run(
    event: string,
    workflow: string,
    payload: Record<string, unknown>,
    options: TeamRunOptions = {},
  ): Promise<ActRun> {
    return runAct(this.sandbox, this.repo.dir, {
      event,
      workflow: `.github/workflows/${workflow}`,
      payload: { act: true, repository: this.repositoryPayload(), ...payload },
      actor: this.ghcr ? this.github.owner : this.registry.username!,
      secrets: { GITHUB_TOKEN: this.ghcr ? WORKFLOW_TOKEN : this.registry.password! },
      vars: { REGISTRY: this.host, ...options.vars },
      ...(options.env && { env: options.env }),
      ...(this.ghcr && { jobEnv: { GITHUB_API_URL: this.ghcr.url } }),
      log: join(this.sandbox.work, `act-${event}-${Date.now()}.log`),
    });
  }

  /**
   * What a self-hosted runner with scanners gives the team's scan steps: the fixture
   * vulnerability DB on a local mirror (`vars.TRIVY_DB_REPOSITORY`) and the Trivy and Syft
   * that scripts/install-tools.sh built, on the runner's PATH (`vars.SCANNERS_ON_PATH`).
   * The mirror is the registry without a password (`ghcr: true`), as a DB mirror is public.
   */
  async scannerRunner(): Promise<Required<Pick<TeamRunOptions, 'vars' | 'env'>>> {
    const repository = 'mirror/trivy-db';
    await pushFixtureDb(this.registry.host, repository);
    const scanners = [dirname(builtScanner('trivy')), dirname(builtScanner('syft'))].join(':');
    return {
      vars: { TRIVY_DB_REPOSITORY: `${this.registry.host}/${repository}:2`, SCANNERS_ON_PATH: 'true' },
      env: { PATH: `${scanners}:${this.sandbox.env.PATH}` },
    };
  }

  /** Backdates a pushed image's package versions in the GHCR simulator, as weeks of builds leave them. */
  age(packageName: string, pushed: { index: string; children: string[] }, ms: number): void {
    for (const digest of [pushed.index, ...pushed.children]) {
      const version = this.ghcr!.versions(this.github.owner, packageName).find((v) => v.digest === digest);
      if (!version) throw new Error(`${digest} is no version of ${this.github.owner}/${packageName}`);
      version.createdAt = version.updatedAt = new Date(Date.now() - ms).toISOString();
    }
  }

  /** `owner/name` lowercased plus a suffix: the image repository on the registry. */
  repository(suffix = ''): string {
    return `${this.github.owner}/${this.github.name}${suffix}`.toLowerCase();
  }

  tags(repository: string): Promise<string[]> {
    return tagsOf(this.registry.host, repository, this.credentials());
  }

  image(repository: string, reference: string): Promise<PushedImage> {
    return readPushedImage(this.registry.host, repository, reference, this.credentials());
  }

  /** Read from the registry itself, never through the simulator's bookkeeping. */
  private credentials() {
    return this.registry.username ? { username: this.registry.username, password: this.registry.password! } : undefined;
  }

  async stop(): Promise<void> {
    await this.ghcr?.stop();
    await this.registry.stop();
    if (!process.env.KEEP) rmSync(this.sandbox.work, { recursive: true, force: true });
  }
}

/** The label pairs of each platform of an image, `os/arch` → labels. */
export function platformLabels(image: PushedImage): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(image.platforms).map(([platform, p]) => [platform, p.config.config?.Labels ?? {}]),
  );
}

/**
 * The images a cleanup plans to delete, as its job summary lists them (`| <id> \`sha256:<12
 * hex>\` | <tags> | <reason> |`), without the rows of their parts; and the number of rows.
 */
export function plannedDeletions(output: string): { images: string[]; rows: number } {
  const rows = [...output.matchAll(/^.*\| \d+ `(sha256:[0-9a-f]{12})` \| ([^|]*) \| ([^|]*) \|$/gm)];
  return {
    images: rows
      .filter((row) => !row[3]!.includes('part of'))
      .map((row) => row[1]!)
      .sort(),
    rows: rows.length,
  };
}

/** The short form a cleanup summary prints a digest in. */
export const shortDigest = (digest: string): string => digest.slice(0, 'sha256:'.length + 12);
