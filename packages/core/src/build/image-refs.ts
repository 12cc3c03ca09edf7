import { imageName, parseImageRef } from '../reference/index.ts';

/** `registry/repository@digest` once per pushed image, the form scan and attest take. */
export function imageRefs(names: string[], digest: string): string[] {
  if (!digest) return [];
  return [...new Set(names.map((name) => `${imageName(parseImageRef(name, { input: 'tags' }))}@${digest}`))];
}
