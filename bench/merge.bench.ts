// Times `mergeImages` joining N platform digests into one index pushed under M tags against a
// local distribution registry, and prints the registry request count beside the protocol
// minimum (GET each manifest, GET each config for its platform, PUT each tag: 2N + M).
// Run: node_modules/.bin/node --experimental-transform-types bench/merge.ts [N] [M] [rounds]
import { mergeImages, parseDigests, parseTargetImages, planTargets } from '../packages/core/src/merge/index.ts';
import { RegistryClient } from '../packages/core/src/registry/index.ts';
import { startRegistry } from '../test/harness/registry.ts';
import { pushTinyImage } from '../test/harness/tiny-image.ts';

const PLATFORMS = [
  'linux/amd64',
  'linux/arm64/v8',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/386',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
  'linux/mips64le',
  'windows/amd64',
];
const n = Math.min(Number(process.argv[2] ?? 8), PLATFORMS.length);
const m = Number(process.argv[3] ?? 5);
const rounds = Number(process.argv[4] ?? 5);

const registry = await startRegistry();
try {
  const seed = new RegistryClient({ registry: registry.host });
  const digests: string[] = [];
  for (const platform of PLATFORMS.slice(0, n)) {
    const [os, architecture, variant] = platform.split('/');
    const pushed = await pushTinyImage(seed, 'bench/app', {
      platform: { os: os!, architecture: architecture!, ...(variant && { variant }) },
    });
    digests.push(pushed.digest);
  }
  const minimum = 2 * n + m;
  const times: number[] = [];
  let requests = 0;
  for (let round = 0; round < rounds; round++) {
    const client = new RegistryClient({ registry: registry.host });
    const tags = Array.from({ length: m }, (_, i) => `r${round}-t${i}`).join('\n');
    const start = performance.now();
    await mergeImages(
      {
        digests: parseDigests(digests.join('\n')),
        targets: planTargets(parseTargetImages(`${registry.host}/bench/app`), tags),
      },
      () => client,
    );
    times.push(performance.now() - start);
    requests = client.requestCount;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`merge of ${n} platform digests under ${m} tags (${rounds} rounds, local distribution registry)`);
  console.log(`  median ${median.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
  console.log(
    `  registry requests: ${requests}, protocol minimum: ${minimum}, ratio: ${(requests / minimum).toFixed(2)}x`,
  );
} finally {
  await registry.stop();
}
