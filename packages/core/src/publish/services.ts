import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors/index.ts';
import { parseImageName, imageName } from '../reference/index.ts';
import { matchesAnyPath, pathGlobToRegExp } from './path-glob.ts';

/** One service of the reusable publish workflow, with every default filled in. */
export interface Service {
  name: string;
  context: string;
  file: string;
  image: string;
  paths: string[];
  'build-args': string;
  target: string;
}

const serviceSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a name of letters, digits, ".", "_" or "-"'),
  context: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
  image: z.string().min(1).optional(),
  paths: z.union([z.string(), z.array(z.string())]).optional(),
  'build-args': z.union([z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))]).optional(),
  target: z.string().optional(),
}).strict();

/**
 * Parses the `services` input (YAML or JSON; workflow_call inputs can only be strings) and
 * fills the defaults the workflow documents: context `.`, file `<context>/Dockerfile`, paths
 * `<context>/**`, image `<registry>/<owner>/<repo>` for one service and
 * `<registry>/<owner>/<repo>-<name>` for several, lowercased.
 */
export function parseServices(text: string, repository: string, registry = 'ghcr.io'): Service[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new InputError('services', text, `is not valid YAML (${(error as Error).message.split('\n')[0]})`, 'Give a YAML list such as "- name: api\\n  context: services/api".');
  }
  const parsed = z.array(serviceSchema).min(1).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError('services', text, `${issue.path.join('.') || 'the list'}: ${issue.message}`, 'Each item needs a name; context, file, image, paths, build-args and target are optional.');
  }
  const names = parsed.data.map((s) => s.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new InputError('services', text, `the service name "${twice}" is given twice`, 'Give every service its own name: it names its images and artifacts.');
  const single = parsed.data.length === 1;
  return parsed.data.map((item) => {
    const context = (item.context ?? '.').replace(/\/+$/, '') || '.';
    const under = context === '.' ? '' : `${context}/`;
    const image = item.image ?? `${registry}/${repository}${single ? '' : `-${item.name}`}`;
    return {
      name: item.name,
      context,
      file: item.file ?? `${under}Dockerfile`,
      image: imageName(parseImageName(image, 'services')),
      paths: typeof item.paths === 'string' ? [item.paths] : (item.paths ?? [`${under}**`]),
      'build-args': typeof item['build-args'] === 'object' ? Object.entries(item['build-args']).map(([k, v]) => `${k}=${v}`).join('\n') : (item['build-args'] ?? ''),
      target: item.target ?? '',
    };
  });
}

export interface ChangeFacts {
  eventName: string;
  ref: string;
  /** Files changed against the event's base; undefined when there is no base to compare with. */
  changedFiles: string[] | undefined;
  sharedPaths: string[];
}

export interface ChangeDecision {
  services: Service[];
  /** Why these services, for the log. */
  reason: string;
}

/**
 * Which services to build. Everything on a version tag, on workflow_dispatch, when the base is
 * unknown (a new branch) or a shared path changed; a per-service release tag
 * (`rest-api/v1.2.3`) builds only that service; otherwise the services whose paths changed.
 */
export function changedServices(services: Service[], facts: ChangeFacts): ChangeDecision {
  const tag = facts.ref.startsWith('refs/tags/') ? facts.ref.slice('refs/tags/'.length) : undefined;
  if (tag !== undefined) {
    const own = services.filter((s) => tag.startsWith(`${s.name}/`));
    if (own.length > 0) return { services: own, reason: `tag ${tag} belongs to ${own.map((s) => s.name).join(', ')}` };
    return { services, reason: `tag ${tag}: every service` };
  }
  if (facts.eventName === 'workflow_dispatch') return { services, reason: 'workflow_dispatch: every service' };
  if (facts.changedFiles === undefined) return { services, reason: 'no base to compare with: every service' };
  const shared = facts.sharedPaths.map(pathGlobToRegExp);
  const sharedHit = facts.changedFiles.find((file) => matchesAnyPath(file, shared));
  if (sharedHit) return { services, reason: `shared path changed (${sharedHit}): every service` };
  const picked = services.filter((s) => facts.changedFiles!.some((file) => matchesAnyPath(file, s.paths.map(pathGlobToRegExp))));
  return { services: picked, reason: picked.length > 0 ? `changed: ${picked.map((s) => s.name).join(', ')}` : 'no service changed' };
}
