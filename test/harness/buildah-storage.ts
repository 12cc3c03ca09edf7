import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The environment that gives buildah (and the build action's buildah engine) a storage of its
 * own under `dir`: vfs works as root in a container without fuse-overlayfs, and chroot
 * isolation runs a container without cgroups. Tests never touch the machine's image store.
 * https://github.com/containers/storage/blob/main/docs/containers-storage.conf.5.md
 */
export function isolatedBuildahEnv(dir: string): { CONTAINERS_STORAGE_CONF: string; BUILDAH_ISOLATION: string } {
  const conf = join(dir, 'storage.conf');
  writeFileSync(
    conf,
    `[storage]\ndriver = "vfs"\nrunroot = "${join(dir, 'runroot')}"\ngraphroot = "${join(dir, 'root')}"\n`,
  );
  return { CONTAINERS_STORAGE_CONF: conf, BUILDAH_ISOLATION: 'chroot' };
}
