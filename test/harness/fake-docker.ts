import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeDocker {
  /** Directory to put first on PATH. */
  bin: string;
  /** Every `docker` argv the run made, in order. */
  calls(): string[][];
}

/**
 * A `docker` CLI that records its arguments and answers the probes the build action makes
 * (`buildx version`, `buildx inspect`) as a buildx of the given version on a BuildKit v0.11.0
 * builder would. It is the process boundary the action crosses, nothing of ours is replaced;
 * `buildx build` exits 0 without building.
 */
export function fakeDocker(buildxVersion: string): FakeDocker {
  const bin = mkdtempSync(join(tmpdir(), 'fake-docker-'));
  const log = join(bin, 'calls.jsonl');
  const script = [
    `#!${process.execPath}`,
    "const { appendFileSync } = require('node:fs');",
    'const args = process.argv.slice(2);',
    `appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');`,
    "if (args[0] === 'buildx' && args[1] === 'version') console.log('github.com/docker/buildx v' + " +
      JSON.stringify(buildxVersion) +
      " + ' 0000000');",
    "else if (args[0] === 'buildx' && args[1] === 'inspect') console.log(['Name: builder2', " +
      "'Driver: docker-container', '', 'Nodes:', 'Name: builder20', 'Status: running', " +
      "'BuildKit version: v0.11.0', 'Platforms: linux/amd64, linux/arm64'].join('\\n'));",
    '',
  ].join('\n');
  writeFileSync(join(bin, 'docker'), script);
  chmodSync(join(bin, 'docker'), 0o755);
  return {
    bin,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as string[])
        : [],
  };
}
