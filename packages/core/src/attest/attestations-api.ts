import type { SerializedBundle } from '@sigstore/bundle';
import { MissingPermissionError } from './oidc-token.ts';

// https://docs.github.com/en/rest/repos/attestations
export interface AttestationsApiOptions {
  /** GITHUB_API_URL: https://api.github.com, or a GHE.com tenant's. */
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
}

async function call(
  options: AttestationsApiOptions,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any; text: string }> {
  const url = `${options.apiUrl.replace(/\/$/, '')}/repos/${options.repository}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new Error(
      `${method} ${url} failed: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`,
    );
  }
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** The API's own words, always printed under our advice. */
function cause(status: number, json: any, text: string): string {
  return `GitHub answered HTTP ${status}: ${typeof json?.message === 'string' ? json.message : text.slice(0, 200)}`;
}

/**
 * Stores a bundle with the repository's attestations, as upstream does; returns its id.
 * A 403 ("Resource not accessible by integration") is the job lacking `attestations: write`.
 */
export async function storeAttestation(options: AttestationsApiOptions, bundle: SerializedBundle): Promise<string> {
  const { status, json, text } = await call(options, 'POST', '/attestations', { bundle });
  if (status === 201 || status === 200) {
    if (json?.id === undefined)
      throw new Error(`the attestations API stored the bundle but returned no id (${text.slice(0, 200)})`);
    return String(json.id);
  }
  if (status === 403)
    throw new MissingPermissionError(
      'storing the attestation was refused: add `permissions: attestations: write` to the job ' +
        `(and \`id-token: write\`). ${cause(status, json, text)}`,
    );
  if (status === 401)
    throw new MissingPermissionError(
      `storing the attestation was refused: the token is not valid for ${options.repository}; ` +
        `pass the job's github.token. ${cause(status, json, text)}`,
    );
  if (status === 404)
    throw new MissingPermissionError(
      `the attestations API cannot see ${options.repository}: the token has no access to it. ` +
        cause(status, json, text),
    );
  throw new Error(`storing the attestation failed: ${cause(status, json, text)}`);
}

/**
 * Bundles stored for a subject digest. A token that cannot read them yields none rather than an
 * error: verify searches the registry in any case, and says it skipped the API.
 */
export async function listAttestations(
  options: AttestationsApiOptions,
  digest: string,
): Promise<{ bundles: unknown[]; skipped?: string }> {
  const { status, json, text } = await call(options, 'GET', `/attestations/${encodeURIComponent(digest)}`);
  if (status === 200) {
    const list: unknown[] = Array.isArray(json?.attestations) ? json.attestations : [];
    return { bundles: list.map((a: any) => a?.bundle).filter(Boolean) };
  }
  if (status === 404) return { bundles: [] };
  if (status === 401 || status === 403)
    return {
      bundles: [],
      skipped:
        `the token cannot read attestations of ${options.repository} (add \`attestations: read\`); ` +
        cause(status, json, text),
    };
  throw new Error(`listing attestations failed: ${cause(status, json, text)}`);
}

/** `public`, `private` or `internal`, from the repository itself; undefined when unreadable. */
export async function repositoryVisibility(options: AttestationsApiOptions): Promise<string | undefined> {
  const { status, json } = await call(options, 'GET', '');
  if (status !== 200) return undefined;
  if (typeof json?.visibility === 'string') return json.visibility;
  return typeof json?.private === 'boolean' ? (json.private ? 'private' : 'public') : undefined;
}

/** Where a stored attestation is shown: upstream's attestation-url. */
export function attestationUrl(serverUrl: string, repository: string, id: string): string {
  return `${serverUrl.replace(/\/$/, '')}/${repository}/attestations/${id}`;
}
