import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BuiltImage {
  platform: string;
  /** Manifest digest as pushed. */
  digest: string;
  /** `registry/repository@digest`. */
  ref: string;
}

export interface BuildOptions {
  /** Registry host on loopback (plain http). */
  registry: string;
  repository: string;
  platforms: string[];
  labels?: Record<string, string>;
  /** `oci` (default) or `docker` (schema 2) manifests. */
  format?: 'oci' | 'docker';
  /** Text of the one file in the image; defaults to one naming the platform. */
  content?: (platform: string) => string;
}

/**
 * Builds `FROM scratch` + one file per platform with buildah, offline, and pushes each by
 * digest (no tag), the way a per-platform build job with push-by-digest does.
 * Storage is an isolated vfs root in a temp dir, so machine state does not leak in; FROM
 * scratch with COPY needs no emulation for foreign platforms.
 */
export async function buildAndPushImages(options: BuildOptions): Promise<BuiltImage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ghcr-kit-buildah-'));
  const storage = ['--root', join(dir, 'root'), '--runroot', join(dir, 'runroot'), '--storage-driver', 'vfs'];
  try {
    const out: BuiltImage[] = [];
    for (const platform of options.platforms) {
      const slug = platform.replaceAll('/', '-');
      const context = join(dir, `ctx-${slug}`);
      await run('mkdir', ['-p', context]);
      await writeFile(join(context, 'platform.txt'), options.content?.(platform) ?? `built for ${platform}\n`);
      await writeFile(join(context, 'Containerfile'), 'FROM scratch\nCOPY platform.txt /platform.txt\n');
      const local = `localhost/ghcr-kit-test:${slug}`;
      const labels = Object.entries(options.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
      await run(
        'buildah',
        [
          ...storage,
          'build',
          '--platform',
          platform,
          '--format',
          options.format ?? 'oci',
          '-f',
          join(context, 'Containerfile'),
          '-t',
          local,
          ...labels,
          context,
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      // buildah 1.28 cannot push to a digest reference, so write an OCI layout first and
      // let skopeo copy it byte for byte (--preserve-digests) to `repo@digest`.
      const digestFile = join(dir, `digest-${slug}`);
      const layout = `oci:${join(dir, 'layout')}:${slug}`;
      const pushFormat = options.format === 'docker' ? 'v2s2' : 'oci';
      await run('buildah', [...storage, 'push', '--format', pushFormat, '--digestfile', digestFile, local, layout]);
      const digest = (await readFile(digestFile, 'utf8')).trim();
      const ref = `${options.registry}/${options.repository}@${digest}`;
      await run('skopeo', [
        'copy',
        '--quiet',
        '--preserve-digests',
        '--dest-tls-verify=false',
        layout,
        `docker://${ref}`,
      ]);
      out.push({ platform, digest, ref });
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
