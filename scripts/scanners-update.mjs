// Prints sha256 table rows for packages/core/src/scan/scanner-table.ts, for a machine that can
// reach GitHub: downloads each release asset and hashes the bytes. Not run in tests.
// A person pastes the rows after checking them against the vendor's release (the table is our
// trust root, so nothing writes it automatically).
//
// Usage: npm run scanners:update -- [trivy=0.74.0] [syft=1.54.1]   (default: the default versions)
import { createHash } from 'node:crypto';
// Node 24 runs the table's TypeScript as is (it is plain data), so the defaults cannot drift.
import { DEFAULT_VERSIONS, RELEASE_REPOSITORIES as repos } from '../packages/core/src/scan/scanner-table.ts';

const assets = {
  trivy: (v) => [`trivy_${v}_Linux-64bit.tar.gz`, `trivy_${v}_Linux-ARM64.tar.gz`],
  syft: (v) => [`syft_${v}_linux_amd64.tar.gz`, `syft_${v}_linux_arm64.tar.gz`],
};
const defaults = Object.entries(DEFAULT_VERSIONS).map(([tool, version]) => `${tool}=${version}`);
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : defaults;
for (const item of wanted) {
  const [tool, version] = item.split('=');
  if (!repos[tool] || !/^\d+\.\d+\.\d+$/.test(version ?? '')) {
    console.error(`expected tool=version with tool trivy or syft, got ${item}`);
    process.exit(2);
  }
  console.log(`  // ${tool}\n  '${version}': {`);
  for (const asset of assets[tool](version)) {
    const url = `https://github.com/${repos[tool]}/releases/download/v${version}/${asset}`;
    const response = await fetch(url);
    if (!response.ok) {
      console.error(`${url}: ${response.status}`);
      process.exit(1);
    }
    const hash = createHash('sha256')
      .update(Buffer.from(await response.arrayBuffer()))
      .digest('hex');
    console.log(`    '${asset}': '${hash}',`);
  }
  console.log('  },');
}
