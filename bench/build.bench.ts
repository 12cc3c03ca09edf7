// The build action with engine buildx, as a whole process, against the bare `docker buildx build`
// it runs: same fixture, same arguments, same builder and registry, alternated in one run so
// both see the same machine. The difference is what the action adds: Node start, input
// checks, `docker buildx inspect` and `version`, the metadata file read, outputs and summary.
// Target: at most 1.1x. Both build an unchanged context, so BuildKit answers from its cache and
// the action's overhead is as large a share of the time as it will ever be. By default neither
// pushes: on this machine buildx pushing to the loopback registry has now and then hung in
// "pushing layers" or exited 255 at "pushing manifest" with no message, in the bare command as
// in the action, which says nothing about either. BENCH_BUILD_PUSH=1 pushes, each run to a
// repository of its own.
// Run: node_modules/.bin/node --experimental-transform-types bench/build.bench.ts [rounds]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuildkit } from '../test/harness/buildkit.ts';
import { startRegistry } from '../test/harness/registry.ts';
import { runAction } from '../test/harness/run-action.ts';

const rounds = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 10);
const registry = await startRegistry();
const buildkit = await startBuildkit({ registryHosts: [registry.host] });
const work = mkdtempSync(join(tmpdir(), 'build-bench-'));
try {
  const ctx = join(work, 'ctx');
  mkdirSync(ctx);
  writeFileSync(join(ctx, 'hello.txt'), 'hello\n');
  writeFileSync(
    join(ctx, 'Dockerfile'),
    'FROM scratch\nARG TARGETARCH\nCOPY hello.txt /hello-$TARGETARCH.txt\nLABEL org.example.bench=1\n',
  );
  // A clean environment for both: this machine's NODE_EXTRA_CA_CERTS slows every Node start,
  // and runners do not set it.
  const env: Record<string, string> = {
    PATH: buildkit.env.PATH!,
    HOME: process.env.HOME ?? '',
    DOCKER_CONFIG: buildkit.dockerConfig,
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_API_URL: 'http://127.0.0.1:9',
  };
  const payload = {
    repository: {
      name: 'hello-world',
      full_name: 'octo-org/hello-world',
      owner: { login: 'octo-org' },
      html_url: 'https://github.com/octo-org/hello-world',
      default_branch: 'main',
      private: false,
    },
  };
  const push = process.env.BENCH_BUILD_PUSH === '1';
  const inputs = {
    engine: 'buildx',
    builder: buildkit.builder,
    context: ctx,
    platforms: 'linux/amd64,linux/arm64',
    push: String(push),
  };

  const tagsFor = (run: string) => `${registry.host}/bench/${run}:1,${registry.host}/bench/${run}:latest`;
  const action = (run = 'warm') => {
    const run_ = runAction('build', { ...inputs, tags: tagsFor(run) }, env, { payload });
    return check(run_);
  };
  const check = (run: ReturnType<typeof runAction>) => {
    if (run.status !== 0) throw new Error(`the action failed:\n${run.stdout}${run.stderr}`);
    return run;
  };
  // The bare command is the one the action logs; only its temp file paths change per run.
  const logged = action()
    .stdout.split('\n')
    .find((line) => line.startsWith('[command]') && line.includes(' buildx build '));
  if (!logged) throw new Error('the action logged no docker buildx build command');
  const [docker, ...args] = logged.slice('[command]'.length).split(' ');
  const bare = (round: number) => {
    const dir = join(work, `bare-${round}`);
    mkdirSync(dir);
    const own = args.map((arg) =>
      /\/iidfile$/.test(arg)
        ? join(dir, 'iidfile')
        : /\/metadata\.json$/.test(arg)
          ? join(dir, 'metadata.json')
          : arg.replace('/bench/warm:', `/bench/bare-${round + 1}:`),
    );
    const result = spawnSync(docker!, own, { env, encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0)
      throw new Error(`docker buildx build failed (${result.signal ?? result.status}):\n${result.stderr}`);
  };
  bare(-1);

  const times = { action: [] as number[], bare: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always follows the other's cache writes.
    const order = round % 2 === 0 ? (['action', 'bare'] as const) : (['bare', 'action'] as const);
    for (const which of order) {
      const start = performance.now();
      if (which === 'action') action(`action-${round}`);
      else bare(round);
      times[which].push(performance.now() - start);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const action_ = median(times.action);
  const bare_ = median(times.bare);
  console.log(
    `build action (engine: buildx) vs bare docker buildx build: two platforms, ${push ? 'pushed' : 'not pushed'}, unchanged context, ${rounds} rounds alternated`,
  );
  console.log(
    `  buildx ${buildkit.versions.buildx}, buildkit ${buildkit.versions.buildkit}, remote driver on a unix socket`,
  );
  console.log(
    `  action median ${action_.toFixed(0)} ms (min ${Math.min(...times.action).toFixed(0)}), bare median ${bare_.toFixed(0)} ms (min ${Math.min(...times.bare).toFixed(0)})`,
  );
  console.log(`  ratio ${(action_ / bare_).toFixed(2)}x (target <= 1.1x), overhead ${(action_ - bare_).toFixed(0)} ms`);
} finally {
  await buildkit.stop();
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}
