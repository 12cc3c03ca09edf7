import { InputError } from '../errors/index.ts';
import {
  DEFAULT_VERSIONS,
  DENYLIST,
  RELEASE_REPOSITORIES,
  SCANNER_SHA256,
  UNKNOWN,
  type ScannerArch,
  type ScannerTool,
} from './scanner-table.ts';

/** Everything needed to fetch one scanner and to know it is the one we meant. */
export interface ScannerRelease {
  tool: ScannerTool;
  version: string;
  arch: ScannerArch;
  asset: string;
  url: string;
  sha256: string;
  /** Where the expected hash came from: our table, or the user's `<tool>-sha256` input. */
  sha256From: 'table' | 'input';
  /** Set when the input's hash differs from the table's (a rebuilt or mirrored binary). */
  overridesTable?: string;
}

export interface ScannerReleaseInputs {
  tool: ScannerTool;
  /** As given; '' means the default version. */
  version: string;
  /** The input `version` came from, for messages (`version`, `trivy-version`, `syft-version`). */
  versionInput: string;
  sha256: string;
  /** `trivy-url` / `syft-url`: a template with `{version}` and `{asset}`; '' for GitHub releases. */
  urlTemplate: string;
  arch: ScannerArch;
}

const SEMVER = /^\d+\.\d+\.\d+$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Aqua deleted Trivy's GitHub releases v0.27.0 to v0.69.1 in March 2026; a download of one
 * of them answers 404, which would otherwise read as a network problem.
 */
const VANISHED: Partial<Record<ScannerTool, { from: string; to: string }>> = {
  trivy: { from: '0.27.0', to: '0.69.1' },
};

/** Release asset names, as each project's goreleaser config spells them. */
export function assetName(tool: ScannerTool, version: string, arch: ScannerArch): string {
  if (tool === 'trivy') return `trivy_${version}_Linux-${arch === 'amd64' ? '64bit' : 'ARM64'}.tar.gz`;
  return `syft_${version}_linux_${arch}.tar.gz`;
}

export function defaultUrlTemplate(tool: ScannerTool): string {
  return `https://github.com/${RELEASE_REPOSITORIES[tool]}/releases/download/v{version}/{asset}`;
}

export function expandUrlTemplate(template: string, version: string, asset: string): string {
  return template.replaceAll('{version}', version).replaceAll('{asset}', asset);
}

/** Maps Node's `process.arch` to the release architecture; other runners have no asset. */
export function scannerArch(nodeArch: string): ScannerArch {
  if (nodeArch === 'x64') return 'amd64';
  if (nodeArch === 'arm64') return 'arm64';
  throw new Error(
    `no Trivy or Syft release asset for this runner's architecture (${nodeArch}); ` +
      'use an x64 or arm64 runner, or scanner-from-path: true',
  );
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** Versions a user can switch to: those with every asset's hash in the table. */
export function vouchedVersions(tool: ScannerTool): string[] {
  return Object.entries(SCANNER_SHA256[tool])
    .filter(([, assets]) => Object.values(assets).every((h) => h !== UNKNOWN))
    .map(([v]) => v)
    .sort(compareVersions)
    .reverse();
}

/** What an error suggests instead of a refused version: the vouched ones, or the default. */
function versionsToUse(tool: ScannerTool): string {
  return vouchedVersions(tool).join(' or ') || DEFAULT_VERSIONS[tool];
}

const DENIED_BECAUSE = 'it was published by a compromised release pipeline (March 2026) and must never run';

/**
 * Decides which asset to fetch, from where, and which sha256 it must have. Pure: every refusal
 * (latest, denylisted, vanished, unknown hash) happens here, before any download.
 */
export function resolveScannerRelease(inputs: ScannerReleaseInputs): ScannerRelease {
  const { tool, arch } = inputs;
  const shaInput = `${tool}-sha256`;
  const urlInput = `${tool}-url`;
  const raw = inputs.version.trim();
  if (/^latest$/i.test(raw)) {
    throw new InputError(
      inputs.versionInput,
      raw,
      `"latest" cannot be verified: its bytes change under the same name`,
      `Pin a version, e.g. ${DEFAULT_VERSIONS[tool]} (the default).`,
    );
  }
  const version = raw === '' ? DEFAULT_VERSIONS[tool] : raw.replace(/^v/, '');
  if (!SEMVER.test(version)) {
    throw new InputError(
      inputs.versionInput,
      raw,
      'is not a release version',
      `Use MAJOR.MINOR.PATCH, e.g. ${DEFAULT_VERSIONS[tool]}.`,
    );
  }
  if (DENYLIST[tool].includes(version)) {
    throw new InputError(
      inputs.versionInput,
      raw,
      `${tool} ${version} is on our denylist: ${DENIED_BECAUSE}`,
      `Use ${vouchedVersions(tool)[0] ?? DEFAULT_VERSIONS[tool]}.`,
    );
  }
  const asset = assetName(tool, version, arch);
  const template = inputs.urlTemplate.trim() || defaultUrlTemplate(tool);
  const vanished = VANISHED[tool];
  if (
    vanished &&
    !inputs.urlTemplate.trim() &&
    compareVersions(version, vanished.from) >= 0 &&
    compareVersions(version, vanished.to) <= 0
  ) {
    throw new InputError(
      inputs.versionInput,
      raw,
      `${tool} v${version} no longer exists on GitHub: ` +
        `the vendor deleted releases v${vanished.from} to v${vanished.to}`,
      `Use ${versionsToUse(tool)}, or serve your own copy through ${urlInput} with ${shaInput}.`,
    );
  }
  const url = expandUrlTemplate(template, version, asset);
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw new InputError(
      urlInput,
      inputs.urlTemplate,
      'does not expand to an http(s) URL',
      'Use a template such as https://mirror.example/trivy/v{version}/{asset}.',
    );
  }

  const tableHash = SCANNER_SHA256[tool][version]?.[asset];
  const given = inputs.sha256
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '');
  if (given) {
    if (!SHA256.test(given))
      throw new InputError(shaInput, inputs.sha256, 'is not a sha256', `Give the 64 hex digits of ${asset}.`);
    const overrides = tableHash && tableHash !== UNKNOWN && tableHash !== given ? tableHash : undefined;
    return {
      tool,
      version,
      arch,
      asset,
      url,
      sha256: given,
      sha256From: 'input',
      ...(overrides && { overridesTable: overrides }),
    };
  }
  if (tableHash === UNKNOWN) {
    throw new InputError(
      shaInput,
      '',
      `the sha256 table has no confirmed hash for ${asset} (entry ${tool} ${version} ${asset} is marked UNKNOWN)`,
      'Run `npm run scanners:update` on a machine that can reach GitHub and commit the row, ' +
        `or set ${shaInput} to the hash you verified.`,
    );
  }
  if (!tableHash) {
    throw new InputError(
      shaInput,
      '',
      `${tool} ${version} is not in our sha256 table, so there is nothing to check ${asset} against`,
      `Set ${shaInput} to the asset's sha256 you verified, or use ${versionsToUse(tool)}.`,
    );
  }
  return { tool, version, arch, asset, url, sha256: tableHash, sha256From: 'table' };
}
