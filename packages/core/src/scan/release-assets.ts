import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Context } from '../context/index.ts';

/** A version tag as people push them for releases: v1, v1.2.3, 1.2.3-rc.1. */
const VERSION_TAG = /^v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?$/;

/**
 * The release tag this run stands for, or why there is none: a `release` event names its
 * release; a push of a version tag is the release being cut. Anything else has no release.
 */
export function releaseTagOf(
  context: Pick<Context, 'eventName' | 'ref' | 'release'>,
): { tag: string } | { none: string } {
  if (context.eventName === 'release' && context.release?.tagName) return { tag: context.release.tagName };
  const tag = context.ref.startsWith('refs/tags/') ? context.ref.slice('refs/tags/'.length) : '';
  if (context.eventName === 'push' && VERSION_TAG.test(tag)) return { tag };
  if (context.eventName === 'push' && tag) return { none: `tag ${tag} is not a version tag` };
  return {
    none: `a ${context.eventName || 'local'} run on ${context.ref || 'no ref'} is not a release or a version tag push`,
  };
}

export interface ReleaseAssetsRequest {
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  tag: string;
  /** Files to attach; each becomes an asset under its base name. */
  files: string[];
}

export interface UploadedAsset {
  name: string;
  id: number;
  /** True when an asset of that name from an earlier run was deleted first. */
  replaced: boolean;
}

export type ReleaseAssetsResult =
  { kind: 'uploaded'; releaseId: number; assets: UploadedAsset[] } | { kind: 'no-release'; tag: string };

interface ReleaseAsset {
  id: number;
  name: string;
}

interface Release {
  id: number;
  upload_url: string;
  assets?: ReleaseAsset[];
}

/**
 * Attaches files to the GitHub release of `tag`, replacing assets of the same name (a re-run),
 * through the REST API: find the release by tag, delete a same-named asset, upload to the
 * release's `upload_url` (uploads.github.com on github.com). No release for the tag is a result,
 * not an error: tag pushes often come before the release is drafted.
 * https://docs.github.com/en/rest/releases/releases#get-a-release-by-tag-name
 * https://docs.github.com/en/rest/releases/assets#upload-a-release-asset
 */
export async function uploadReleaseAssets(
  request: ReleaseAssetsRequest,
  deps: { fetch: typeof fetch },
): Promise<ReleaseAssetsResult> {
  const api = request.apiUrl.replace(/\/+$/, '');
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${request.token}`,
    'x-github-api-version': '2022-11-28',
  };
  const call = async (what: string, url: string, init: RequestInit = {}) => {
    const response = await deps.fetch(url, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string>) },
    });
    if (response.status === 404 && what === 'find') return response;
    if (!response.ok && response.status !== 422) throw new Error(await assetFailure(response, what, request));
    return response;
  };

  const found = await call(
    'find',
    `${api}/repos/${request.repository}/releases/tags/${encodeURIComponent(request.tag)}`,
  );
  if (found.status === 404) return { kind: 'no-release', tag: request.tag };
  const release = (await found.json()) as Release;
  // The URL is a template, `…/assets{?name,label}`: https://datatracker.ietf.org/doc/html/rfc6570
  const uploadUrl = release.upload_url.replace(/\{[^}]*\}$/, '');
  let existing = release.assets ?? [];
  const uploaded: UploadedAsset[] = [];
  for (const file of request.files) {
    const name = basename(file);
    const body = await readFile(file);
    let replaced = false;
    for (let attempt = 1; ; attempt++) {
      const old = existing.find((a) => a.name === name);
      if (old) {
        await call('delete', `${api}/repos/${request.repository}/releases/assets/${old.id}`, { method: 'DELETE' });
        existing = existing.filter((a) => a.id !== old.id);
        replaced = true;
      }
      const url = `${uploadUrl}?${new URLSearchParams({ name, label: name })}`;
      const init = { method: 'POST', headers: { 'content-type': contentType(name) }, body };
      const response = await call('upload', url, init);
      if (response.status !== 422) {
        const asset = (await response.json()) as ReleaseAsset;
        uploaded.push({ name, id: asset.id, replaced });
        break;
      }
      // `already_exists`: the release's asset list was older than the release (a parallel job).
      const answer = (await response.json().catch(() => ({}))) as { errors?: Array<{ code?: string }> };
      if (attempt > 1 || !answer.errors?.some((e) => e.code === 'already_exists')) {
        throw new Error(
          `release assets: GitHub refused ${name} for release ${request.tag} (HTTP 422: ${JSON.stringify(answer)})`,
        );
      }
      existing = await listAssets(`${api}/repos/${request.repository}/releases/${release.id}/assets`, (u) =>
        call('list', u),
      );
    }
  }
  return { kind: 'uploaded', releaseId: release.id, assets: uploaded };
}

async function listAssets(first: string, get: (url: string) => Promise<Response>): Promise<ReleaseAsset[]> {
  const assets: ReleaseAsset[] = [];
  for (let url: string | undefined = `${first}?per_page=100`; url;) {
    const response = await get(url);
    assets.push(...((await response.json()) as ReleaseAsset[]));
    url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return assets;
}

function contentType(name: string): string {
  return name.endsWith('.sarif') ? 'application/sarif+json' : 'application/json';
}

async function assetFailure(response: Response, what: string, request: ReleaseAssetsRequest): Promise<string> {
  const message = ((await response.json().catch(() => ({}))) as { message?: string }).message ?? '';
  const doing = {
    find: `finding release ${request.tag}`,
    upload: 'an asset upload',
    delete: 'deleting the old asset',
    list: 'listing assets',
  }[what];
  const hint =
    response.status === 403 || response.status === 401
      ? ' The job needs `permissions: contents: write` to attach release assets (and a github-token that has it).'
      : '';
  const status = `HTTP ${response.status}${message ? `: ${message}` : ''}`;
  return `release assets: GitHub refused ${doing} in ${request.repository} (${status}).${hint}`;
}
