import { imageName, parseImageRef } from '@ghcr-kit/core/reference';
import type { Finding } from './finding.ts';

/**
 * Registries refuse uppercase in a repository path, and GitHub owners and repositories often
 * have it. The kit lowercases every name it parses, so a name is fine in its inputs; a name
 * written for another tool (a hand-written `docker push`, a third-party action's `tags`) fails.
 */
export function checkImageName(raw: string, where: string): Finding {
  const subject = raw;
  try {
    const name = imageName(parseImageRef(raw, { input: where }));
    if (name === raw.toLowerCase() && raw !== raw.toLowerCase()) {
      return {
        check: 'image name',
        status: 'warn',
        subject,
        message: `has uppercase (${where}); the kit pushes ${name}, tools outside it refuse the name`,
        fix: `write ${name} wherever the name leaves the kit's inputs`,
      };
    }
    return { check: 'image name', status: 'ok', subject, message: `valid and lowercase (${where})` };
  } catch (error) {
    return { check: 'image name', status: 'fail', subject, message: (error as Error).message };
  }
}

/**
 * Steps outside the kit that build an image name from `${{ github.repository }}` or the owner:
 * with uppercase in either, the registry refuses the push.
 */
export function findUnloweredNames(
  file: string,
  steps: Array<{ uses?: string; with?: Record<string, unknown> }>,
  repository: string,
): Finding[] {
  if (repository === repository.toLowerCase()) return [];
  const findings: Finding[] = [];
  for (const step of steps) {
    if (!step.uses || step.uses.startsWith('ghcr-kit/ghcr-kit')) continue;
    for (const [key, value] of Object.entries(step.with ?? {})) {
      if (!/\$\{\{\s*github\.(repository|repository_owner)\s*\}\}/.test(String(value))) continue;
      findings.push({
        check: 'image name',
        status: 'fail',
        subject: `${file}: ${step.uses} ${key}`,
        message: `builds an image name from ${repository}, which has uppercase; the registry refuses it`,
        fix:
          "pass the kit's meta output instead (image-refs or tags, lowercased), " +
          'or lowercase the name in an earlier step',
      });
    }
  }
  return findings;
}
