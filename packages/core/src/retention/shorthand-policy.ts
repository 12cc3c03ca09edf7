import { age, checkedGlobs, parsePolicyYaml } from './policy-schema.ts';
import type { Age, Policy, PolicyProblem, PolicyResult, RetentionRule } from './policy.ts';

/**
 * The shorthand inputs, as the user wrote them ('' when unset). They carry the names and the
 * meaning they have in the peer cleanup actions, so a workflow moves over by changing `uses:`:
 *   delete-untagged  delete untagged images (the default when no other shorthand is given)
 *   delete-tags      globs of tags whose images are deleted
 *   exclude-tags     globs of tags that are never deleted
 *   older-than       only delete what is older than this
 *   keep-n-tagged    delete tagged images but the newest N (besides the excluded ones)
 *   keep-n-untagged  delete untagged images but the newest N
 */
export interface ShorthandInputs {
  'delete-untagged': string;
  'delete-tags': string[];
  'exclude-tags': string[];
  'older-than': string;
  'keep-n-tagged': string;
  'keep-n-untagged': string;
}

export const NO_SHORTHANDS: ShorthandInputs = {
  'delete-untagged': '',
  'delete-tags': [],
  'exclude-tags': [],
  'older-than': '',
  'keep-n-tagged': '',
  'keep-n-untagged': '',
};

const isGiven = (value: string | string[]) => (Array.isArray(value) ? value.length > 0 : value !== '');

export function hasShorthands(inputs: ShorthandInputs): boolean {
  return Object.values(inputs).some(isGiven);
}

export function policyFromShorthands(inputs: ShorthandInputs): PolicyResult {
  const problems: PolicyProblem[] = [];
  const deleteUntagged = flag(inputs['delete-untagged'], 'delete-untagged', problems);
  const keepNTagged = count(inputs['keep-n-tagged'], 'keep-n-tagged', problems);
  const keepNUntagged = count(inputs['keep-n-untagged'], 'keep-n-untagged', problems);
  const deleteTags = checkedGlobs(inputs['delete-tags'], 'delete-tags', '', problems);
  const protectTags = checkedGlobs(inputs['exclude-tags'], 'exclude-tags', '', problems);
  // A due time of zero: "delete these tags" means now, unless older-than says otherwise.
  const now: Age = { kind: 'older-than', ms: 0, text: '0s' };
  const due = inputs['older-than'] ? age(inputs['older-than'], 'older-than', '', problems) : now;

  const rules: RetentionRule[] = [];
  if (deleteTags.length) rules.push({ name: 'delete-tags', tags: deleteTags, keep: due });
  // keep-n-tagged deletes the other tagged images: a rule that makes every tag due, with the
  // newest N held back by the policy's keep-n-tagged. Beside delete-tags it counts only the
  // images those tags name, as in dataaxiom/ghcr-cleanup-action; other tags match no rule and stay.
  if (keepNTagged !== undefined && !deleteTags.length) rules.push({ name: 'keep-n-tagged', tags: ['*'], keep: due });

  if (deleteUntagged === false && keepNUntagged !== undefined) {
    const problem = 'asks to delete untagged images but the newest N, while delete-untagged is false';
    problems.push({ input: 'keep-n-untagged', path: '', problem, fix: 'Remove one of the two.' });
  }
  // As in the peer actions, deleting untagged images is what happens when nothing else is asked.
  const nothingAsked = [deleteUntagged, keepNUntagged, keepNTagged].every((value) => value === undefined);
  const untaggedByDefault = nothingAsked && !deleteTags.length;
  const deletesUntagged = deleteUntagged === true || keepNUntagged !== undefined || untaggedByDefault;
  const untagged: Policy['untagged'] = !deletesUntagged ? { kind: 'keep' } : due.ms > 0 ? due : { kind: 'delete' };

  const policy: Policy = { protectTags, rules, untagged };
  if (keepNTagged !== undefined) policy.keepNTagged = keepNTagged;
  if (keepNUntagged !== undefined) policy.keepNUntagged = keepNUntagged;
  return problems.length ? { ok: false, problems } : { ok: true, policy };
}

export interface PolicySources {
  policy: string;
  policyFile?: { path: string; text: string };
  shorthands: ShorthandInputs;
}

/** One policy from the inputs: inline YAML, a file, or the shorthands, never a mix. */
export function resolvePolicy(sources: PolicySources): PolicyResult {
  const { policy, policyFile, shorthands } = sources;
  if (policy.trim() && policyFile) {
    const fix = 'Use one of policy (inline YAML) and policy-file.';
    return { ok: false, problems: [{ input: 'policy-file', path: '', problem: 'is given together with policy', fix }] };
  }
  const yamlInput = policy.trim() ? 'policy' : policyFile ? 'policy-file' : undefined;
  if (yamlInput && hasShorthands(shorthands)) {
    const given = Object.entries(shorthands)
      .filter(([, value]) => isGiven(value))
      .map(([name]) => name);
    const problem = `is a shorthand, and ${yamlInput} is given too`;
    const fix = `Put everything in ${yamlInput}, or use only the shorthands (${given.join(', ')}).`;
    return { ok: false, problems: [{ input: given[0]!, path: '', problem, fix }] };
  }
  if (yamlInput === 'policy') return parsePolicyYaml(policy, 'policy');
  if (policyFile) return parsePolicyYaml(policyFile.text, 'policy-file');
  return policyFromShorthands(shorthands);
}

function flag(raw: string, input: string, problems: PolicyProblem[]): boolean | undefined {
  if (raw === '') return undefined;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  problems.push({ input, path: '', problem: `"${raw}" is not a boolean`, fix: 'Use true or false.' });
  return undefined;
}

function count(raw: string, input: string, problems: PolicyProblem[]): number | undefined {
  if (raw === '') return undefined;
  if (/^\d{1,6}$/.test(raw.trim())) return Number(raw.trim());
  const fix = 'Use a number of images, e.g. 10.';
  problems.push({ input, path: '', problem: `"${raw}" is not a whole number`, fix });
  return undefined;
}
