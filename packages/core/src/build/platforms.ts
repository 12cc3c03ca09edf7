import { InputError } from '../errors/index.ts';

/**
 * Operating systems and architectures Go (and so buildkit and containers/image) knows, the
 * values an OCI index `platform` may hold. `go tool dist list` prints the pairs.
 * https://github.com/opencontainers/image-spec/blob/main/image-index.md#image-index-property-descriptions
 */
const OS = new Set([
  'linux',
  'windows',
  'darwin',
  'freebsd',
  'netbsd',
  'openbsd',
  'solaris',
  'illumos',
  'aix',
  'plan9',
  'dragonfly',
  'android',
  'ios',
  'js',
  'wasip1',
]);
const ARCH = new Set([
  '386',
  'amd64',
  'arm',
  'arm64',
  'ppc64',
  'ppc64le',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'riscv64',
  's390x',
  'loong64',
  'wasm',
]);
// Variants per architecture as the OCI spec lists them (amd64 microarchitecture levels too).
const VARIANTS: Record<string, RegExp> = {
  arm: /^v[5-8]$/,
  arm64: /^v8(\.[0-9])?$|^v9(\.[0-9])?$/,
  amd64: /^v[1-4]$/,
};

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** `os/arch[/variant]` → Platform; `local` (buildx's "the builder's own") passes through as null. */
export function parsePlatform(raw: string, input = 'platforms'): Platform | null {
  const value = raw.trim();
  if (value === 'local') return null;
  const parts = value.toLowerCase().split('/');
  const fix = 'Write os/arch[/variant], e.g. linux/amd64, linux/arm64 or linux/arm/v7.';
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new InputError(input, raw, `"${value}" is not a platform`, fix);
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  if (!OS.has(os)) throw new InputError(input, raw, `"${os}" is not a known operating system`, fix);
  if (!ARCH.has(architecture)) throw new InputError(input, raw, `"${architecture}" is not a known architecture`, fix);
  if (variant !== undefined && !VARIANTS[architecture]?.test(variant)) {
    throw new InputError(input, raw, `"${variant}" is not a variant of ${architecture}`, fix);
  }
  return { os, architecture, ...(variant !== undefined && { variant }) };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/**
 * The platforms a build produces, for the `platforms` output and the summary: those asked
 * for, else the builder's default, which is its first node's first platform, not the runner's
 * (a remote builder may be another architecture). Attestation manifests' `unknown/unknown` is
 * never among them. https://docs.docker.com/build/building/multi-platform/
 */
export function builtPlatforms(requested: string[], builderPlatforms: string[], hostPlatform: string): string[] {
  if (requested.length > 0) return requested;
  const native = builderPlatforms.find((p) => !p.startsWith('unknown/'));
  return [native ?? hostPlatform];
}

/**
 * The platforms this runner can execute: its own architecture, 386 on amd64 (the kernel runs
 * 32-bit x86 natively), and every architecture binfmt_misc hands to an emulator (QEMU entries
 * are named `qemu-<arch>`, as tonistiigi/binfmt and Debian's qemu-user-binfmt register them).
 */
export function executableArchitectures(hostArch: string, binfmtEntries: string[]): Set<string> {
  const host = NODE_ARCH[hostArch] ?? hostArch;
  const out = new Set([host]);
  if (host === 'amd64') out.add('386');
  for (const entry of binfmtEntries) {
    const match = /^qemu-(.+)$/.exec(entry);
    if (match) out.add(QEMU_ARCH[match[1]!] ?? match[1]!);
  }
  return out;
}

// process.arch names → OCI names.
const NODE_ARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};
// QEMU's binary names → OCI names.
const QEMU_ARCH: Record<string, string> = {
  x86_64: 'amd64',
  i386: '386',
  aarch64: 'arm64',
  arm: 'arm',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips64el: 'mips64le',
  loongarch64: 'loong64',
};
