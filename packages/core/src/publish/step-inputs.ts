import type { ReadInput } from '../actions/index.ts';
import type { Context } from '../context/index.ts';
import { defaultImageName, PUBLISH_FLAVOR, PUBLISH_PLATFORMS, PUBLISH_TAG_RULES } from './defaults.ts';
import { PUBLISH_FED, publishName } from './renames.ts';

/**
 * What the meta step reads inside `publish`: the user's input under the single action's name,
 * else publish's default. `context` means the build context in publish (the input users set
 * most), so meta's own `context` (workflow | git) is `meta-context` there.
 */
export function metaInputs(read: ReadInput, context: Context): ReadInput {
  return (name, options) => {
    switch (name) {
      case 'images':
        return read('images', options) || defaultImageName(context.repository.owner, context.repository.name);
      case 'tags':
        return read('tags', options) || PUBLISH_TAG_RULES;
      case 'flavor':
        return read('flavor', options) || PUBLISH_FLAVOR;
      default:
        return read(publishName('meta', 'inputs', name), options);
    }
  };
}

/**
 * What the build step reads inside `publish`: nothing for tags, labels, annotations and build
 * args, which build takes from meta's Metadata (the user's `tags`, `labels` and `build-args`
 * are meta's inputs there and already went into it); platforms default to amd64 + arm64, and
 * `push` to auto (never on pull requests).
 */
export function buildInputs(read: ReadInput): ReadInput {
  return (name, options) => {
    if (PUBLISH_FED.build!.includes(name)) return '';
    switch (name) {
      case 'platforms':
        return read('platforms', options) || PUBLISH_PLATFORMS.join(',');
      case 'push':
        return read('push', options) || 'auto';
      default:
        return read(name, options);
    }
  };
}

/**
 * What the scan step reads inside `publish`: its renamed inputs, and `image-ref` only where the
 * user set it; otherwise the step scans the `name@digest`s build pushed, handed over as values.
 * `fail-on` keeps scan's own rule: none unless set.
 */
export function scanInputs(read: ReadInput): ReadInput {
  return (name, options) =>
    name === 'image-ref' ? read('image-ref', options) : read(publishName('scan', 'inputs', name), options);
}

/**
 * What the attest step reads inside `publish`, besides the subjects and SBOM it is handed:
 * pushed beside the image by default.
 */
export function attestInputs(read: ReadInput): ReadInput {
  return (name, options) => {
    if (name === 'push-to-registry') return read('push-to-registry', options) || 'true';
    return PUBLISH_FED.attest!.includes(name) ? '' : read(publishName('attest', 'inputs', name), options);
  };
}

/** What the sign step reads inside `publish`: its own inputs, under publish's names. */
export function signInputs(read: ReadInput): ReadInput {
  return (name, options) =>
    PUBLISH_FED.sign!.includes(name) ? '' : read(publishName('sign', 'inputs', name), options);
}
