import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors/index.ts';

/** How the `trivyignores` input becomes Trivy's single `--ignorefile`. */
export type IgnorePlan = { kind: 'none' } | { kind: 'single'; path: string } | { kind: 'merge'; paths: string[] };

export function isYamlIgnoreFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Several plain files are concatenated (Trivy takes one); a YAML file must come alone. */
export function planIgnoreFiles(paths: readonly string[]): IgnorePlan {
  if (paths.length === 0) return { kind: 'none' };
  if (paths.length === 1) return { kind: 'single', path: paths[0]! };
  if (paths.some(isYamlIgnoreFile)) {
    throw new InputError(
      'trivyignores',
      paths.join('\n'),
      'mixes a YAML ignore file with others',
      'Give several plain .trivyignore files, or exactly one .trivyignore.yaml.',
    );
  }
  return { kind: 'merge', paths: [...paths] };
}

export interface ExpiredIgnore {
  id: string;
  expired: string;
  file: string;
}

/**
 * Entries whose expiry has passed: Trivy stops applying them silently, so the summary lists
 * them. Plain files use `ID exp:YYYY-MM-DD`, YAML files `expired_at`.
 * https://trivy.dev/latest/docs/configuration/filtering/#trivyignore
 */
export function expiredIgnores(file: string, text: string, today: Date): ExpiredIgnore[] {
  const day = today.toISOString().slice(0, 10);
  const out: ExpiredIgnore[] = [];
  if (isYamlIgnoreFile(file)) {
    const doc = (parseYaml(text) ?? {}) as Record<string, unknown>;
    for (const section of ['vulnerabilities', 'misconfigurations', 'secrets', 'licenses']) {
      const entries = doc[section];
      if (!Array.isArray(entries)) continue;
      for (const entry of entries as Array<Record<string, unknown>>) {
        const at = entry?.expired_at;
        const date = at instanceof Date ? at.toISOString().slice(0, 10) : typeof at === 'string' ? at.slice(0, 10) : '';
        if (date && date < day) out.push({ id: String(entry.id ?? ''), expired: date, file });
      }
    }
    return out;
  }
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const [id, ...rest] = trimmed.split(/\s+/);
    const exp = rest.find((r) => r.startsWith('exp:'))?.slice(4);
    if (id && exp && exp < day) out.push({ id, expired: exp, file });
  }
  return out;
}
