import { InputError } from '../errors/index.ts';
import { imageName, parseImageName } from '../reference/index.ts';

export interface ImageEntry {
  /** As written, lowercased: this is what the `tags` output prefixes, like docker/metadata-action. */
  name: string;
  /** `registry/repository` in full, for `image-refs` and every later step. */
  fullName: string;
}

/**
 * Parses the `images` input: one image per line, either a bare name or `name=…,enable=…`.
 * Names are validated here so a typo fails this step, not a push ten minutes later.
 */
export function parseImages(lines: string[]): ImageEntry[] {
  const images: ImageEntry[] = [];
  for (const line of lines) {
    let name = '';
    let enable = true;
    for (const field of line.split(',')) {
      const eq = field.indexOf('=');
      if (eq < 0) {
        name = field.trim();
        continue;
      }
      const key = field.slice(0, eq).trim().toLowerCase();
      const value = field.slice(eq + 1).trim();
      if (key === 'name') name = value;
      else if (key === 'enable') enable = parseBool(value, line);
      else
        throw new InputError(
          'images',
          line,
          `"${key}" is not an image attribute`,
          'Use name=<image> and optionally enable=true|false.',
        );
    }
    if (!enable) continue;
    const ref = parseImageName(name, 'images');
    images.push({ name: name.toLowerCase(), fullName: imageName(ref) });
  }
  return images;
}

function parseBool(value: string, line: string): boolean {
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw new InputError('images', line, `enable=${value} is not a boolean`, 'Use enable=true or enable=false.');
}
