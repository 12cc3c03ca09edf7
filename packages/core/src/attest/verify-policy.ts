import { InputError } from '../errors/index.ts';
import type { CertificateIdentity } from './certificate-identity.ts';
import { SLSA_PROVENANCE_V1 } from './provenance.ts';
import type { Statement } from './statement.ts';

/**
 * What a verified attestation must say, with the meanings of `gh attestation verify`'s flags.
 * https://cli.github.com/manual/gh_attestation_verify
 */
export interface VerifyPolicy {
  owner?: string;
  repo?: string;
  signerWorkflow?: string;
  signerRepo?: string;
  certIdentity?: string;
  certIdentityRegex?: string;
  certOidcIssuer: string;
  predicateType: string;
  denySelfHostedRunners: boolean;
  sourceRef?: string;
  sourceDigest?: string;
  signerDigest?: string;
  noPublicGood: boolean;
  /** Image signatures: one must pass where there are any (if-present), always (required), or not checked. */
  signatures: SignatureRule;
  /** Where repository URIs in certificates point: https://github.com or a GHE.com tenant. */
  serverUrl: string;
}

export const SIGNATURE_RULES = ['if-present', 'required', 'ignore'] as const;
export type SignatureRule = (typeof SIGNATURE_RULES)[number];

export type VerifyPolicyInputs = Partial<
  Record<
    | 'owner'
    | 'repo'
    | 'signer-workflow'
    | 'signer-repo'
    | 'cert-identity'
    | 'cert-identity-regex'
    | 'cert-oidc-issuer'
    | 'predicate-type'
    | 'source-ref'
    | 'source-digest'
    | 'signer-digest',
    string
  >
> & {
  'deny-self-hosted-runners'?: boolean;
  'no-public-good'?: boolean;
  signatures?: SignatureRule;
  serverUrl?: string;
  defaultIssuer: string;
};

/** Validates the policy inputs as a whole: one of owner/repo, at most one signer identity. */
export function parseVerifyPolicy(inputs: VerifyPolicyInputs): VerifyPolicy {
  const get = (name: keyof VerifyPolicyInputs) => {
    const value = inputs[name];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const owner = get('owner');
  const repo = get('repo');
  if (!owner && !repo)
    throw new InputError(
      'owner',
      '',
      'verify needs the owner or the repository the attestation must come from',
      'Set owner (e.g. my-org) or repo (e.g. my-org/app).',
    );
  if (owner && repo)
    throw new InputError('repo', repo, 'owner and repo are exclusive', 'Set one of them: repo is the narrower.');
  if (repo && !/^[^/\s]+\/[^/\s]+$/.test(repo))
    throw new InputError('repo', repo, 'is not owner/name', 'Give the repository as owner/name.');
  const signers = (['signer-workflow', 'signer-repo', 'cert-identity', 'cert-identity-regex'] as const).filter((name) =>
    get(name),
  );
  if (signers.length > 1)
    throw new InputError(
      signers[1]!,
      get(signers[1]!)!,
      `${signers.join(' and ')} are exclusive`,
      'Keep the one that says who must have signed.',
    );
  const regex = get('cert-identity-regex');
  if (regex) {
    try {
      new RegExp(regex);
    } catch (error) {
      throw new InputError(
        'cert-identity-regex',
        regex,
        `is not a regular expression (${(error as Error).message})`,
        'Fix the pattern; anchor it with ^ and $.',
      );
    }
  }
  for (const name of ['source-digest', 'signer-digest'] as const) {
    const value = get(name);
    if (value && !/^[a-f0-9]{40}([a-f0-9]{24})?$/.test(value))
      throw new InputError(name, value, 'is not a commit SHA', 'Give the full 40-character commit SHA.');
  }
  const optional = {
    owner,
    repo,
    signerWorkflow: get('signer-workflow'),
    signerRepo: get('signer-repo'),
    certIdentity: get('cert-identity'),
    certIdentityRegex: regex,
    sourceRef: get('source-ref'),
    sourceDigest: get('source-digest'),
    signerDigest: get('signer-digest'),
  };
  return {
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    certOidcIssuer: get('cert-oidc-issuer') ?? inputs.defaultIssuer,
    predicateType: get('predicate-type') ?? SLSA_PROVENANCE_V1,
    denySelfHostedRunners: inputs['deny-self-hosted-runners'] ?? false,
    noPublicGood: inputs['no-public-good'] ?? false,
    signatures: inputs.signatures ?? 'if-present',
    serverUrl: (inputs.serverUrl || 'https://github.com').replace(/\/$/, ''),
  };
}

export interface PolicyCheck {
  check: string;
  passed: boolean;
  /** What was expected and what the attestation says; one line a deployer can act on. */
  message: string;
}

export interface AttestationFacts {
  identity: CertificateIdentity;
  statement: Statement;
  /** The image digest being verified, `sha256:<hex>`, resolved from the registry. */
  imageDigest: string;
}

type AddCheck = (check: string, passed: boolean, failure: string, success: string) => void;

const ELSEWHERE = ' (set signer-repo or signer-workflow for a reusable workflow elsewhere)';

function collector(): { checks: PolicyCheck[]; add: AddCheck } {
  const checks: PolicyCheck[] = [];
  return {
    checks,
    add: (check, passed, failure, success) => checks.push({ check, passed, message: passed ? success : failure }),
  };
}

/** Runs every check of the policy; each failure keeps its own message. */
export function checkPolicy(policy: VerifyPolicy, facts: AttestationFacts): PolicyCheck[] {
  const { statement } = facts;
  const { checks, add } = collector();
  const hex = facts.imageDigest.replace(/^sha256:/, '');
  const subjects = statement.subject.map(
    (s) =>
      `${s.name}@${Object.entries(s.digest)
        .map(([a, h]) => `${a}:${h}`)
        .join(',')}`,
  );
  add(
    'subject-digest',
    statement.subject.some((s) => s.digest.sha256 === hex),
    `the attestation is for ${subjects.join(', ')}, not for the image ${facts.imageDigest}`,
    `the statement names ${facts.imageDigest}`,
  );

  add(
    'predicate-type',
    statement.predicateType === policy.predicateType,
    `the predicate type is ${statement.predicateType}, the policy wants ${policy.predicateType} ` +
      '(set predicate-type to verify another)',
    `predicate type ${statement.predicateType}`,
  );
  return [...checks, ...checkSigner(policy, facts.identity)];
}

/**
 * The checks of who signed: issuer, repository or owner, signer identity, runner, source and
 * signer commits. An image signature is held to these alone: it names no predicate.
 */
export function checkSigner(policy: VerifyPolicy, identity: CertificateIdentity): PolicyCheck[] {
  const server = policy.serverUrl;
  const san = identity.subjectAlternativeName ?? '';
  const lower = (s: string | undefined) => (s ?? '').toLowerCase();
  const { checks, add } = collector();

  add(
    'cert-oidc-issuer',
    identity.issuer === policy.certOidcIssuer,
    `the certificate was issued for tokens of ${identity.issuer ?? 'no issuer'}, ` +
      `the policy wants ${policy.certOidcIssuer}`,
    `OIDC issuer ${identity.issuer}`,
  );

  if (policy.repo) {
    const want = `${server}/${policy.repo}`;
    add(
      'repo',
      lower(identity.sourceRepositoryUri) === lower(want),
      `the attestation was made in ${identity.sourceRepositoryUri ?? 'an unknown repository'}, not in ${want}`,
      `source repository ${identity.sourceRepositoryUri}`,
    );
  } else if (policy.owner) {
    const want = `${server}/${policy.owner}`;
    add(
      'owner',
      lower(identity.sourceRepositoryOwnerUri) === lower(want),
      `the attestation was made by ${identity.sourceRepositoryOwnerUri ?? 'an unknown owner'}, not by ${want}`,
      `source owner ${identity.sourceRepositoryOwnerUri}`,
    );
  }

  if (policy.certIdentity) {
    add(
      'cert-identity',
      san === policy.certIdentity,
      `the signer is ${san || 'unknown'}, the policy wants exactly ${policy.certIdentity}`,
      `signer ${san}`,
    );
  } else if (policy.certIdentityRegex) {
    add(
      'cert-identity-regex',
      new RegExp(policy.certIdentityRegex).test(san),
      `the signer ${san || 'unknown'} does not match ${policy.certIdentityRegex}`,
      `signer ${san}`,
    );
  } else if (policy.signerWorkflow) {
    // A workflow is `owner/repo/.github/workflows/file.yml`, with or without the host; any ref.
    const want = /^https?:\/\//.test(policy.signerWorkflow)
      ? policy.signerWorkflow
      : `${server}/${policy.signerWorkflow}`;
    add(
      'signer-workflow',
      lower(san).startsWith(`${lower(want)}@`),
      `the signing workflow is ${san || 'unknown'}, not ${want}`,
      `signing workflow ${san}`,
    );
  } else {
    // gh's default: the signing workflow lives in the repository (or owner) the policy names.
    const scope = policy.signerRepo ?? policy.repo ?? policy.owner!;
    const want = `${server}/${scope}/`;
    const hint = policy.signerRepo ? '' : ELSEWHERE;
    add(
      policy.signerRepo ? 'signer-repo' : 'signer',
      lower(san).startsWith(lower(want)),
      `the signing workflow ${san || 'unknown'} is not in ${server}/${scope}${hint}`,
      `signing workflow ${san}`,
    );
  }

  if (policy.denySelfHostedRunners) {
    add(
      'deny-self-hosted-runners',
      identity.runnerEnvironment === 'github-hosted',
      `the attestation was signed on a ${identity.runnerEnvironment ?? 'unknown'} runner, ` +
        'and self-hosted runners are denied',
      'signed on a GitHub-hosted runner',
    );
  }
  if (policy.sourceRef) {
    add(
      'source-ref',
      identity.sourceRepositoryRef === policy.sourceRef,
      `the source ref is ${identity.sourceRepositoryRef ?? 'unknown'}, not ${policy.sourceRef}`,
      `source ref ${identity.sourceRepositoryRef}`,
    );
  }
  if (policy.sourceDigest) {
    add(
      'source-digest',
      identity.sourceRepositoryDigest === policy.sourceDigest,
      `the source commit is ${identity.sourceRepositoryDigest ?? 'unknown'}, not ${policy.sourceDigest}`,
      `source commit ${identity.sourceRepositoryDigest}`,
    );
  }
  if (policy.signerDigest) {
    add(
      'signer-digest',
      identity.buildSignerDigest === policy.signerDigest,
      `the signing workflow's commit is ${identity.buildSignerDigest ?? 'unknown'}, not ${policy.signerDigest}`,
      `signer commit ${identity.buildSignerDigest}`,
    );
  }
  return checks;
}
