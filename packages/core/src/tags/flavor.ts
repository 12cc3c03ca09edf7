import { InputError } from '../errors/index.ts';
import { contentLines, splitField, splitFields } from './csv-fields.ts';
import { checkTemplateOf, GLOBAL_EXPRESSIONS } from './expressions.ts';
import type { Flavor } from './types.ts';

/**
 * Reads the `flavor` input: `latest=auto|true|false`, `prefix=…[,onlatest=true]`,
 * `suffix=…[,onlatest=true]`, `labelprefix=…`. `onlatest` applies to the prefix or suffix
 * just before it on the same line, as upstream.
 */
export function parseFlavor(text: string): Flavor {
  const flavor: Flavor = {
    latest: 'auto',
    prefix: '',
    prefixLatest: false,
    suffix: '',
    suffixLatest: false,
    labelPrefix: '',
  };
  for (const line of contentLines(text)) {
    const fail = (problem: string, fix: string): never => {
      throw new InputError('flavor', line, problem, fix);
    };
    const fields = splitFields(line);
    if (fields instanceof Error) fail(`the line is not valid CSV (${fields.message})`, 'Close the quote, or drop it.');
    let onLatestFor: 'prefix' | 'suffix' | undefined;
    for (const field of fields as string[]) {
      if (field.trim() === '') continue;
      const { key, value } = splitField(field);
      if (key === undefined) {
        fail(`"${field}" is not a key=value entry`, 'Write latest=auto, prefix=…, or suffix=….');
      }
      switch (key) {
        case 'latest':
          if (value !== 'auto' && value !== 'true' && value !== 'false')
            fail(
              `latest must be auto, true or false, not "${value}"`,
              'Write latest=auto, latest=true or latest=false.',
            );
          flavor.latest = value as Flavor['latest'];
          break;
        case 'prefix':
          checkTemplateOf('flavor', line, value, GLOBAL_EXPRESSIONS, 'prefix');
          flavor.prefix = value;
          onLatestFor = 'prefix';
          break;
        case 'suffix':
          checkTemplateOf('flavor', line, value, GLOBAL_EXPRESSIONS, 'suffix');
          flavor.suffix = value;
          onLatestFor = 'suffix';
          break;
        case 'onlatest':
          if (value !== 'true' && value !== 'false')
            fail(`onlatest must be true or false, not "${value}"`, 'Write onlatest=true or onlatest=false.');
          if (onLatestFor === undefined)
            fail('onlatest must follow prefix= or suffix= on the same line', 'Write e.g. prefix=app-,onlatest=true.');
          if (onLatestFor === 'prefix') flavor.prefixLatest = value === 'true';
          else flavor.suffixLatest = value === 'true';
          break;
        case 'labelprefix':
          flavor.labelPrefix = value;
          break;
        default:
          fail(
            `unknown flavor key "${key}"`,
            'Use latest, prefix, suffix (each with optional onlatest) or labelprefix.',
          );
      }
    }
  }
  return flavor;
}
