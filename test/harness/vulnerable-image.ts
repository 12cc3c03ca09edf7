import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { OCI_INDEX, RegistryClient, headManifest, putManifest } from '../../packages/core/src/registry/index.ts';

const run = promisify(execFile);

/** Seeded packages: each advisory in test/fixtures/trivy-db/advisories.json matches one. */
export const SEEDED = {
  os: [
    { name: 'busybox', version: '1.36.1-r15' },
    { name: 'zlib', version: '1.3-r2' },
    { name: 'musl', version: '1.2.4_git20230717-r4' },
  ],
  npm: [
    { name: 'lodash', version: '4.17.20' },
    { name: 'left-pad', version: '1.3.0' },
  ],
};

const APK_ARCH: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64' };

/** An Alpine-like root: the apk database Trivy and Syft read, and npm packages in node_modules. */
export function fixtureFiles(platform: string): Record<string, string> {
  const arch = APK_ARCH[platform.split('/')[1]!] ?? 'x86_64';
  // apk's installed database: one stanza per package, P name, V version, A arch, o origin.
  // https://wiki.alpinelinux.org/wiki/Apk_spec#Installed_Database_V2
  const apk = SEEDED.os
    .map((p) => `P:${p.name}\nV:${p.version}\nA:${arch}\nS:1000\nI:2000\nT:${p.name} (fixture)\nL:MIT\no:${p.name}\n`)
    .join('\n');
  const files: Record<string, string> = {
    'etc/alpine-release': '3.19.1\n',
    'etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n',
    'lib/apk/db/installed': `${apk}\n`,
    'app/package.json': JSON.stringify({
      name: 'fixture-app',
      version: '1.0.0',
      dependencies: Object.fromEntries(SEEDED.npm.map((p) => [p.name, p.version])),
    }),
  };
  for (const p of SEEDED.npm)
    files[`app/node_modules/${p.name}/package.json`] = JSON.stringify({
      name: p.name,
      version: p.version,
      license: 'MIT',
    });
  return files;
}

/**
 * Builds `FROM scratch` + the fixture root per platform with buildah (offline, no emulation),
 * pushes each by digest with skopeo, and tags an OCI index over them with our client.
 */
export async function pushVulnerableImage(
  registry: string,
  repository: string,
  tag: string,
  platforms: string[],
): Promise<{ ref: string; children: Array<{ platform: string; digest: string }> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-vuln-image-'));
  const storage = ['--root', join(dir, 'root'), '--runroot', join(dir, 'runroot'), '--storage-driver', 'vfs'];
  const client = new RegistryClient({ registry });
  try {
    const children: Array<{ platform: string; digest: string; size: number; mediaType: string }> = [];
    for (const platform of platforms) {
      const slug = platform.replaceAll('/', '-');
      const context = join(dir, `ctx-${slug}`);
      for (const [path, content] of Object.entries(fixtureFiles(platform))) {
        await mkdir(dirname(join(context, 'rootfs', path)), { recursive: true });
        await writeFile(join(context, 'rootfs', path), content);
      }
      await writeFile(join(context, 'Containerfile'), 'FROM scratch\nCOPY rootfs/ /\n');
      const local = `localhost/ghcr-kit-vuln:${slug}`;
      await run(
        'buildah',
        [
          ...storage,
          'build',
          '--platform',
          platform,
          '--format',
          'oci',
          '-f',
          join(context, 'Containerfile'),
          '-t',
          local,
          context,
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      const digestFile = join(dir, `digest-${slug}`);
      const layout = `oci:${join(dir, 'layout')}:${slug}`;
      await run('buildah', [...storage, 'push', '--format', 'oci', '--digestfile', digestFile, local, layout]);
      const digest = (await readFile(digestFile, 'utf8')).trim();
      await run('skopeo', [
        'copy',
        '--quiet',
        '--preserve-digests',
        '--dest-tls-verify=false',
        layout,
        `docker://${registry}/${repository}@${digest}`,
      ]);
      const head = await headManifest(client, repository, digest);
      if (!head) throw new Error(`${digest} did not arrive in ${registry}/${repository}`);
      children.push({ platform, digest, size: head.size, mediaType: head.mediaType });
    }
    const index = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: children.map((c) => {
        const [os, architecture, variant] = c.platform.split('/');
        return {
          mediaType: c.mediaType,
          digest: c.digest,
          size: c.size,
          platform: { os, architecture, ...(variant && { variant }) },
        };
      }),
    };
    await putManifest(client, repository, tag, new TextEncoder().encode(JSON.stringify(index)), OCI_INDEX);
    return {
      ref: `${registry}/${repository}:${tag}`,
      children: children.map(({ platform, digest }) => ({ platform, digest })),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
