import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { glob, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../errors/index.ts';
import { MAX_SUBJECTS, type Subject } from './subjects.ts';

/**
 * `subject-path`: files matched by the globs (one per line or comma), each a subject named by
 * its base name with its sha256, as upstream names them. Directories are skipped.
 */
export async function subjectsFromPaths(patterns: readonly string[], cwd = process.cwd()): Promise<Subject[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    let matched = 0;
    for await (const path of glob(pattern, { cwd })) {
      const full = pattern.startsWith('/') ? path : `${cwd}/${path}`;
      if (!(await stat(full)).isFile()) continue;
      matched++;
      files.add(full);
      if (files.size > MAX_SUBJECTS) {
        throw new InputError(
          'subject-path',
          pattern,
          `matches more than ${MAX_SUBJECTS} files`,
          'Narrow the glob; one attestation holds at most 1,024 subjects.',
        );
      }
    }
    if (matched === 0)
      throw new InputError(
        'subject-path',
        pattern,
        'matches no file',
        'Check the path relative to the workspace, and that the build step wrote it.',
      );
  }
  const subjects: Subject[] = [];
  for (const file of [...files].sort())
    subjects.push({ name: basename(file), digest: { sha256: await sha256File(file) } });
  return subjects;
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}
