import { defaultImageName, PUBLISH_FLAVOR, PUBLISH_PLATFORMS, PUBLISH_TAG_RULES } from '@ghcr-kit/core/publish';
import type { Context } from '@ghcr-kit/core/context';
import { previewTags, type TagsFlags } from './tags.ts';

export interface PlanFlags extends TagsFlags {
  platforms?: string;
}

/**
 * `ghcr-kit plan` (what `npm start` runs): the publish pipeline's plan for this checkout,
 * offline. It shows what a push of this commit would tag and whether it would push at all.
 */
const shortSha = (sha: string) => sha.slice(0, 12);

export function previewPlan(flags: PlanFlags, context: Context, env: Record<string, string | undefined>): string {
  const image = flags.images ?? defaultImageName(context.repository.owner, context.repository.name);
  // The publish workflow's tag rules and flavor, unless the flags name others.
  const asPublished = { images: image, tags: flags.tags ?? PUBLISH_TAG_RULES, flavor: flags.flavor ?? PUBLISH_FLAVOR };
  const { metadata, text } = previewTags({ ...flags, ...asPublished }, context, env);
  if (flags.json) return text;
  const isPullRequest = context.eventName.startsWith('pull_request');
  const lines = [
    `publish plan for ${context.repository.fullName} (${context.eventName} ${context.ref} @ ${shortSha(context.sha)})`,
    '',
    `  image:      ${metadata.images.map((i) => i.fullName).join(', ')}`,
    `  platforms:  ${(flags.platforms ?? PUBLISH_PLATFORMS.join(',')).split(',').join(', ')}`,
    `  push:       ${isPullRequest ? 'no (pull requests build without pushing)' : 'yes'}`,
    `  steps:      meta → build → scan → attest`,
    '',
  ];
  return `${lines.join('\n')}${text}`;
}
