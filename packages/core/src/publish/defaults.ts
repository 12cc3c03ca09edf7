/**
 * The tag scheme `publish` uses when the caller sets none: the one most of our users wire by
 * hand. `latest` moves only with the default branch (never with a tag push or a prerelease),
 * branches and pull requests get their own names, releases get 1.2.3 / 1.2 / 1, and every
 * build is addressable by commit (`sha-abc1234`, and `main-abc1234` on branches).
 */
export const PUBLISH_TAG_RULES = [
  'type=raw,value=latest,enable={{is_default_branch}}',
  'type=ref,event=branch',
  'type=ref,event=pr',
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=semver,pattern={{major}}',
  'type=sha',
  'type=ref,event=branch,suffix=-{{sha}}',
].join('\n');

export const PUBLISH_FLAVOR = 'latest=false';

export const PUBLISH_PLATFORMS = ['linux/amd64', 'linux/arm64'];

/** `ghcr.io/<owner>/<repo>`, lowercased: GHCR refuses the uppercase that GitHub owners often have. */
export function defaultImageName(owner: string, repo: string): string {
  return `ghcr.io/${owner}/${repo}`.toLowerCase();
}
