import { InputError } from '../errors/index.ts';

export type SigstoreChoice = 'auto' | 'public-good' | 'github' | 'custom';

/** Where to sign, and what a verifier of that instance requires. */
export interface SigstoreInstance {
  id: 'public-good' | 'github' | 'custom';
  /** Base URLs, as sigstore-js takes them (it appends /api/v2/signingCert etc.). */
  fulcioUrl: string;
  rekorUrl?: string;
  tsaUrl?: string;
  /** The OIDC issuer whose tokens this run's certificates name. */
  oidcIssuer: string;
  /** sigstore-js verifier thresholds for bundles of this instance. */
  thresholds: { tlog: number; ctlog: number; timestamp: number };
}

export interface InstanceOptions {
  choice: SigstoreChoice;
  /** `public`, `private` or `internal`; undefined when nobody could tell. */
  visibility?: string;
  /** GITHUB_SERVER_URL: github.com, or a GHE.com tenant (`https://<tenant>.ghe.com`). */
  serverUrl?: string;
  fulcioUrl?: string;
  rekorUrl?: string;
  tsaUrl?: string;
}

// Public-good: Fulcio + Rekor; every bundle has an SCT, a log entry and the log's time.
// https://github.com/sigstore/architecture-docs/blob/main/sigstore-public-deployment-spec.md
const PUBLIC_GOOD = { fulcioUrl: 'https://fulcio.sigstore.dev', rekorUrl: 'https://rekor.sigstore.dev' };
// GitHub's instance: Fulcio + an RFC 3161 timestamp authority, no transparency log, the
// endpoints @actions/attest uses for private and internal repositories.
const GITHUB = { fulcioUrl: 'https://fulcio.githubapp.com', tsaUrl: 'https://timestamp.githubapp.com' };
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** `https://acme.ghe.com` → `acme`: GHE.com tenants have their own Sigstore and token issuer. */
export function gheTenant(serverUrl: string | undefined): string | undefined {
  if (!serverUrl) return undefined;
  try {
    return /^([a-z0-9-]+)\.ghe\.com$/i.exec(new URL(serverUrl).hostname)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The OIDC issuer of Actions tokens on this server. */
export function actionsIssuer(serverUrl: string | undefined): string {
  const tenant = gheTenant(serverUrl);
  return tenant ? `https://token.actions.${tenant}.ghe.com` : GITHUB_ISSUER;
}

/**
 * `auto` follows upstream: public repositories sign on public-good, everything else (and an
 * unknown visibility, which must never leak a private name into a public log) on GitHub's.
 */
export function resolveSigstoreInstance(options: InstanceOptions): SigstoreInstance {
  const tenant = gheTenant(options.serverUrl);
  const issuer = actionsIssuer(options.serverUrl);
  let choice = options.choice;
  if (choice === 'auto') choice = options.visibility === 'public' && !tenant ? 'public-good' : 'github';
  if (choice !== 'custom' && (options.fulcioUrl || options.rekorUrl || options.tsaUrl)) {
    throw new InputError(
      'sigstore',
      options.choice,
      'fulcio-url, rekor-url and tsa-url apply to sigstore: custom only',
      'Set sigstore: custom, or remove the URLs.',
    );
  }
  switch (choice) {
    case 'public-good':
      if (tenant)
        throw new InputError(
          'sigstore',
          options.choice,
          `a GHE.com tenant (${tenant}) signs on its own Sigstore, not public-good`,
          'Use sigstore: github or auto.',
        );
      return { id: 'public-good', ...PUBLIC_GOOD, oidcIssuer: issuer, thresholds: { tlog: 1, ctlog: 1, timestamp: 1 } };
    case 'github': {
      const urls = tenant
        ? { fulcioUrl: `https://fulcio.${tenant}.ghe.com`, tsaUrl: `https://timestamp.${tenant}.ghe.com` }
        : GITHUB;
      return { id: 'github', ...urls, oidcIssuer: issuer, thresholds: { tlog: 0, ctlog: 0, timestamp: 1 } };
    }
    case 'custom': {
      const fulcioUrl = baseUrl('fulcio-url', options.fulcioUrl);
      if (!fulcioUrl)
        throw new InputError(
          'fulcio-url',
          '',
          'sigstore: custom needs a Fulcio URL',
          'Set fulcio-url to the base URL of your Fulcio, e.g. https://fulcio.example.com.',
        );
      const rekorUrl = baseUrl('rekor-url', options.rekorUrl);
      const tsaUrl = baseUrl('tsa-url', options.tsaUrl);
      if (!rekorUrl && !tsaUrl)
        throw new InputError(
          'rekor-url',
          '',
          'sigstore: custom needs a transparency log or a timestamp authority',
          'Set rekor-url, tsa-url, or both.',
        );
      return {
        id: 'custom',
        fulcioUrl,
        ...(rekorUrl && { rekorUrl }),
        ...(tsaUrl && { tsaUrl }),
        oidcIssuer: issuer,
        thresholds: { tlog: rekorUrl ? 1 : 0, ctlog: 0, timestamp: 1 },
      };
    }
    default:
      throw new InputError(
        'sigstore',
        String(choice),
        'is not a Sigstore instance',
        'Use auto, public-good, github or custom.',
      );
  }
}

function baseUrl(input: string, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(input, value, 'is not a URL', 'Give a base URL such as https://fulcio.example.com.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError(input, value, 'is not an http(s) URL', 'Give a base URL such as https://fulcio.example.com.');
  if (url.search || url.hash)
    throw new InputError(
      input,
      value,
      'has a query or fragment',
      'Give the base URL only; the client adds the API path.',
    );
  return value.replace(/\/+$/, '');
}
