import { InputError } from '../errors/index.ts';
import type { TagOptions } from './types.ts';

/**
 * docker/metadata-action's environment switches: DOCKER_METADATA_SHORT_SHA_LENGTH and
 * DOCKER_METADATA_PR_HEAD_SHA. A value that is not a number or a boolean fails, naming it.
 */
export function tagOptionsFromEnv(env: Record<string, string | undefined>): TagOptions {
  const options: TagOptions = {};
  const length = env.DOCKER_METADATA_SHORT_SHA_LENGTH?.trim();
  if (length) {
    if (!/^\d+$/.test(length) || Number(length) < 4 || Number(length) > 40) {
      throw new InputError(
        'DOCKER_METADATA_SHORT_SHA_LENGTH',
        length,
        'is not a length between 4 and 40',
        'Set a whole number such as 7 or 12.',
      );
    }
    options.shortShaLength = Number(length);
  }
  const headSha = env.DOCKER_METADATA_PR_HEAD_SHA?.trim();
  if (headSha) {
    if (!/^(true|false)$/i.test(headSha)) {
      throw new InputError('DOCKER_METADATA_PR_HEAD_SHA', headSha, 'is not a boolean', 'Set true or false.');
    }
    options.prHeadSha = /^true$/i.test(headSha);
  }
  return options;
}
