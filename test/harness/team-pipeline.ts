import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareAct, runAct, type ActRun, type ActSandbox } from './act.ts';
import { CallerRepo } from './caller-repo.ts';
import { readPushedImage, tagsOf, type PushedImage } from './pushed-image.ts';
import { startRegistry, type LocalRegistry } from './registry.ts';
import { REPO_ROOT } from './run-action.ts';

/** The GitHub repository a team's example plays: `Owner/Name` as GitHub spells it. */
export interface TeamRepository {
  owner: string;
  name: string;
}

/**
 * One team's caller repository (examples/teams/<team>) run through act against a local
 * registry with a password. The workflows log in as the workflow token's user, exactly as on
 * GitHub: act's `GITHUB_TOKEN` secret is the registry password and `--actor` its user, and
 * `vars.REGISTRY` points the image names at the local registry.
 */
export class TeamPipeline {
  private constructor(
    readonly registry: LocalRegistry,
    readonly sandbox: ActSandbox,
    readonly repo: CallerRepo,
    readonly github: TeamRepository,
  ) {}

  static async start(team: string, github: TeamRepository): Promise<TeamPipeline> {
    const registry = await startRegistry({ auth: 'htpasswd' });
    const work = mkdtempSync(join(tmpdir(), `ghcr-kit-team-${team}-`));
    const example = join(REPO_ROOT, 'examples/teams', team);
    const workflows = join(example, '.github/workflows');
    const sandbox = await prepareAct(work, registry.host, readdirSync(workflows).map((file) => join(workflows, file)));
    mkdirSync(join(work, 'repo'));
    const repo = CallerRepo.create(example, join(work, 'repo'), `https://github.com/${github.owner}/${github.name}.git`);
    return new TeamPipeline(registry, sandbox, repo, github);
  }

  /** The `repository` object of an event payload, with what meta would otherwise ask the API for. */
  repositoryPayload(): Record<string, unknown> {
    const { owner, name } = this.github;
    return { name, full_name: `${owner}/${name}`, owner: { login: owner }, html_url: `https://github.com/${owner}/${name}`, default_branch: 'main', private: false };
  }

  /** Runs one event; `"act": true` in the payload is act's documented switch for steps that cannot run locally. */
  run(event: string, workflow: string, payload: Record<string, unknown>, options: { vars?: Record<string, string>; env?: Record<string, string> } = {}): Promise<ActRun> {
    return runAct(this.sandbox, this.repo.dir, {
      event,
      workflow: `.github/workflows/${workflow}`,
      payload: { act: true, repository: this.repositoryPayload(), ...payload },
      actor: this.registry.username!,
      secrets: { GITHUB_TOKEN: this.registry.password! },
      vars: { REGISTRY: this.registry.host, ...options.vars },
      ...(options.env && { env: options.env }),
      log: join(this.sandbox.work, `act-${event}-${Date.now()}.log`),
    });
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

  private credentials() {
    return { username: this.registry.username!, password: this.registry.password! };
  }

  async stop(): Promise<void> {
    await this.registry.stop();
    if (!process.env.KEEP) rmSync(this.sandbox.work, { recursive: true, force: true });
  }
}

/** The label pairs of each platform of an image, `os/arch` → labels. */
export function platformLabels(image: PushedImage): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.entries(image.platforms).map(([platform, p]) => [platform, p.config.config?.Labels ?? {}]));
}
