import { parse as parseYaml } from 'yaml';
import * as z from 'zod/mini';
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

const buildArgValue = z.union([z.string(), z.number(), z.boolean()]);

const serviceSchema = z.strictObject({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a name of letters, digits, ".", "_" or "-"')),
  context: z.optional(z.string().check(z.minLength(1))),
  file: z.optional(z.string().check(z.minLength(1))),
  image: z.optional(z.string().check(z.minLength(1))),
  paths: z.optional(z.union([z.string(), z.array(z.string())])),
  'build-args': z.optional(z.union([z.string(), z.record(z.string(), buildArgValue)])),
  target: z.optional(z.string()),
});

const servicesSchema = z.array(serviceSchema).check(z.minLength(1));

type ServiceItem = z.infer<typeof serviceSchema>;

const YAML_EXAMPLE = 'Give a YAML list such as "- name: api\\n  context: services/api".';
const ITEM_FIELDS = 'Each item needs a name; context, file, image, paths, build-args and target are optional.';
const OWN_NAMES = 'Give every service its own name: it names its images and artifacts.';

// zod/mini ships no message texts (its locales cost the bundle), so the issues a list can raise are worded here.
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_union':
      return issue.path.at(-1) === 'paths' ? 'expected a string or a list of strings' : 'expected a string or a map';
    case 'too_small':
      return 'give at least one service';
    default:
      return issue.message;
  }
}

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
    const firstLine = (error as Error).message.split('\n')[0];
    throw new InputError('services', text, `is not valid YAML (${firstLine})`, YAML_EXAMPLE);
  }
  const parsed = servicesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(
      'services',
      text,
      `${issue.path.join('.') || 'the list'}: ${describeIssue(issue)}`,
      ITEM_FIELDS,
    );
  }
  const names = parsed.data.map((s) => s.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new InputError('services', text, `the service name "${twice}" is given twice`, OWN_NAMES);
  const single = parsed.data.length === 1;
  return parsed.data.map((item) => withDefaults(item, `${registry}/${repository}${single ? '' : `-${item.name}`}`));
}

function withDefaults(item: ServiceItem, defaultImage: string): Service {
  const context = (item.context ?? '.').replace(/\/+$/, '') || '.';
  const under = context === '.' ? '' : `${context}/`;
  return {
    name: item.name,
    context,
    file: item.file ?? `${under}Dockerfile`,
    image: imageName(parseImageName(item.image ?? defaultImage, 'services')),
    paths: typeof item.paths === 'string' ? [item.paths] : (item.paths ?? [`${under}**`]),
    'build-args': buildArgLines(item['build-args']),
    target: item.target ?? '',
  };
}

/** build-args given as a map become the `KEY=value` lines build-push-action takes. */
function buildArgLines(args: ServiceItem['build-args']): string {
  if (typeof args !== 'object') return args ?? '';
  return Object.entries(args)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
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
    if (own.length > 0) return { services: own, reason: `tag ${tag} belongs to ${serviceNames(own)}` };
    return { services, reason: `tag ${tag}: every service` };
  }
  if (facts.eventName === 'workflow_dispatch') return { services, reason: 'workflow_dispatch: every service' };
  if (facts.changedFiles === undefined) return { services, reason: 'no base to compare with: every service' };
  const shared = facts.sharedPaths.map(pathGlobToRegExp);
  const sharedHit = facts.changedFiles.find((file) => matchesAnyPath(file, shared));
  if (sharedHit) return { services, reason: `shared path changed (${sharedHit}): every service` };
  const changed = facts.changedFiles;
  const picked = services.filter((s) => changed.some((file) => matchesAnyPath(file, s.paths.map(pathGlobToRegExp))));
  return { services: picked, reason: picked.length > 0 ? `changed: ${serviceNames(picked)}` : 'no service changed' };
}

function serviceNames(services: Service[]): string {
  return services.map((s) => s.name).join(', ');
}
