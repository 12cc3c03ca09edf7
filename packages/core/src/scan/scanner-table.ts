/**
 * The trust root for scanner binaries: the sha256 of each release asset we accept, keyed by
 * tool, version and asset. An archive is checked against this table before anything in it is
 * extracted. Upstream checksum files and signatures only prove "built by the vendor's
 * pipeline"; in March 2026 a compromised Trivy release (0.69.4) came out of that very pipeline,
 * so a version enters this table only after a person looked at it.
 *
 * Rows are printed by `npm run scanners:update` on a machine that can reach GitHub.
 * `UNKNOWN` marks a row whose hash could not be confirmed when it was added: using it fails
 * with a message naming the row and the script, and never downloads.
 */
export type ScannerTool = 'trivy' | 'syft';
export type ScannerArch = 'amd64' | 'arm64';

export const UNKNOWN = 'UNKNOWN' as const;

export const DEFAULT_VERSIONS: Record<ScannerTool, string> = {
  trivy: '0.74.0',
  syft: '1.54.1',
};

export const SCANNER_SHA256: Record<ScannerTool, Record<string, Record<string, string>>> = {
  trivy: {
    // Cross-checked against several independent pins of the v0.74.0 release assets.
    '0.74.0': {
      'trivy_0.74.0_Linux-64bit.tar.gz': '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
      'trivy_0.74.0_Linux-ARM64.tar.gz': 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5',
    },
  },
  syft: {
    // Transcribed from syft_1.54.1_checksums.txt in several independent public pin files.
    '1.54.1': {
      'syft_1.54.1_linux_amd64.tar.gz': 'c069905b391cc4c20a5ba65ad5c10be2a7ba074f8ea6ad203e24d14e303dad47',
      'syft_1.54.1_linux_arm64.tar.gz': 'dfdf0537610113edbefe1f1fc6548bc957b2d77439636ec824fcf0e10d46d054',
    },
    // Not yet confirmed from a machine that can reach GitHub: run `npm run scanners:update`.
    '1.57.0': {
      'syft_1.57.0_linux_amd64.tar.gz': UNKNOWN,
      'syft_1.57.0_linux_arm64.tar.gz': UNKNOWN,
    },
  },
};

/**
 * Versions that must never run, whatever hash is offered: the releases published by the
 * compromised pipeline in March 2026.
 */
export const DENYLIST: Record<ScannerTool, readonly string[]> = {
  trivy: ['0.69.4', '0.69.5', '0.69.6'],
  syft: [],
};

/** Where each tool's releases live; `{version}` has no leading `v`. */
export const RELEASE_REPOSITORIES: Record<ScannerTool, string> = {
  trivy: 'aquasecurity/trivy',
  syft: 'anchore/syft',
};
