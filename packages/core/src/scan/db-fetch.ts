import { dbDownloadArgs } from './trivy-args.ts';
import { dbRetryDelayMs, isRetryableDbFailure } from './db-repositories.ts';
import type { ToolRunner } from './tool-runner.ts';

/** The vulnerability DB could not be had: an error distinct from "findings over the gate". */
export class DbUnavailableError extends Error {
  override readonly name = 'DbUnavailableError';
}

/**
 * Fetches Trivy's DB from the first repository that answers. Trivy itself moves on to the next
 * `--db-repository` only on 429/5xx, not on 404, refused connections or auth errors, so we try
 * each repository in order ourselves (a DB-only download each), retry rate limits and server
 * errors with backoff, and name every failure.
 */
export async function fetchTrivyDb(
  trivy: string,
  repositories: readonly string[],
  cacheDir: string,
  run: ToolRunner,
  log: (line: string) => void,
  sleep: (ms: number) => Promise<void>,
  attempts = 3,
): Promise<string> {
  const failures: string[] = [];
  for (const repository of repositories) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const result = await run(trivy, dbDownloadArgs(repository, cacheDir));
      if (result.exitCode === 0) {
        log(`vulnerability DB: downloaded from ${repository}`);
        return repository;
      }
      const output = lastLines(`${result.stderr}\n${result.stdout}`);
      const retry = attempt < attempts && isRetryableDbFailure(output);
      log(`vulnerability DB: ${repository} failed (attempt ${attempt}${retry ? ', will retry' : ''}): ${output}`);
      if (!retry) {
        failures.push(`${repository}: ${output}`);
        break;
      }
      await sleep(dbRetryDelayMs(attempt));
    }
  }
  const tried = failures.map((f) => `  - ${f}`).join('\n');
  throw new DbUnavailableError(
    `the vulnerability DB could not be downloaded from any repository (no scan ran):\n${tried}`,
  );
}

function lastLines(text: string): string {
  return text.trim().split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 600);
}
