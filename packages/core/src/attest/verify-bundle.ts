import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier, type VerifierOptions } from '@sigstore/verify';
import { certificateIdentity, type CertificateIdentity } from './certificate-identity.ts';
import { IN_TOTO_PAYLOAD_TYPE, IN_TOTO_STATEMENT_V1, type Statement } from './statement.ts';

/** A trusted_root.json, as Sigstore's TUF repositories publish it and `trusted-root` takes it. */
export interface TrustedRootSource {
  /** Where it came from, for messages: a path or "pinned public-good". */
  name: string;
  json: unknown;
}

export interface VerifiedBundle {
  statement: Statement;
  identity: CertificateIdentity;
  /** Which of the given roots verified it. */
  root: string;
}

export class BundleVerificationError extends Error {
  override readonly name = 'BundleVerificationError';
  constructor(
    readonly check: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a root demands of a bundle: a transparency-log entry when it lists logs, an SCT when it
 * lists CT logs, and a signed RFC 3161 timestamp when it lists timestamp authorities (a log
 * entry's integrated time does not stand in for it there).
 */
export function rootRequirements(root: TrustedRoot): VerifierOptions & { rfc3161: boolean } {
  return {
    tlogThreshold: root.tlogs.length ? 1 : 0,
    ctlogThreshold: root.ctlogs.length ? 1 : 0,
    timestampThreshold: 1,
    rfc3161: root.timestampAuthorities.length > 0,
  };
}

/**
 * Verifies a bundle's signature, certificate chain, log entries and timestamps against the
 * first root that accepts it, then reads the in-toto statement out of the envelope. Policy
 * (who signed, for which digest) is checked afterwards by checkPolicy.
 */
export function verifyBundle(json: unknown, roots: readonly TrustedRootSource[]): VerifiedBundle {
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    throw new BundleVerificationError('bundle', `the bundle is not a Sigstore bundle: ${(error as Error).message}`);
  }
  if (bundle.content.$case !== 'dsseEnvelope')
    throw new BundleVerificationError(
      'bundle',
      'the bundle holds a message signature, not an attestation (DSSE envelope)',
    );
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    throw new BundleVerificationError('bundle', `the envelope holds ${envelope.payloadType}, not an in-toto statement`);
  const { identity, root } = verifySigned(bundle, roots);
  return { statement: parseStatement(envelope.payload), identity, root };
}

/**
 * Verifies any bundle (a DSSE envelope, or a message signature over `artifact`) against the
 * first root that accepts it: signature, certificate chain, log entries and timestamps.
 */
export function verifySigned(
  bundle: Bundle,
  roots: readonly TrustedRootSource[],
  artifact?: Buffer,
): { identity: CertificateIdentity; root: string } {
  if (roots.length === 0) throw new BundleVerificationError('trusted-root', 'no trusted root to verify against');
  let last: BundleVerificationError | undefined;
  for (const source of roots) {
    try {
      const root = TrustedRoot.fromJSON(source.json);
      const { rfc3161, ...thresholds } = rootRequirements(root);
      if (rfc3161 && !bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps.length) {
        throw new BundleVerificationError(
          'timestamp',
          `the bundle has no signed timestamp, and ${source.name} requires one from its timestamp authority`,
        );
      }
      const signer = new Verifier(toTrustMaterial(root), thresholds).verify(toSignedEntity(bundle, artifact));
      const identity = certificateIdentity(
        signer.identity?.subjectAlternativeName,
        signer.identity?.oids ?? [],
        signer.identity?.extensions?.issuer,
      );
      return { identity, root: source.name };
    } catch (error) {
      last = error instanceof BundleVerificationError ? error : explain(error, source.name);
    }
  }
  throw last!;
}

/** Each sigstore-js failure as the check it is, in words a deployer can act on. */
function explain(error: unknown, root: string): BundleVerificationError {
  const err = error as Error & { code?: string; cause?: Error };
  const detail = [err.message, err.cause?.message].filter(Boolean).join(': ');
  if (err.code === 'SIGNATURE_ERROR')
    return new BundleVerificationError(
      'signature',
      `the signature does not match the attestation: the bundle was altered after signing (${detail})`,
    );
  if (err.code === 'CERTIFICATE_ERROR') {
    if (/not valid or expired/.test(detail))
      return new BundleVerificationError(
        'certificate-validity',
        `the signing certificate was not valid at the time of signing (expired or not yet valid) (${detail})`,
      );
    if (/SCT/i.test(detail))
      return new BundleVerificationError(
        'certificate-transparency',
        `the signing certificate has no valid certificate-transparency proof from ${root} (${detail})`,
      );
    return new BundleVerificationError(
      'certificate-chain',
      `the signing certificate was not issued by a certificate authority in ${root} (${detail})`,
    );
  }
  if (err.code?.startsWith('TLOG'))
    return new BundleVerificationError(
      'transparency-log',
      `the transparency-log entry does not verify against ${root}, or does not match the bundle (${detail})`,
    );
  if (err.code === 'TIMESTAMP_ERROR')
    return new BundleVerificationError(
      'timestamp',
      `the signing time cannot be established from a timestamp ${root} trusts (${detail})`,
    );
  return new BundleVerificationError('bundle', `the bundle does not verify against ${root}: ${detail}`);
}

function parseStatement(payload: Buffer): Statement {
  let json: Partial<Statement> | undefined;
  try {
    json = JSON.parse(payload.toString('utf8')) as Partial<Statement>;
  } catch {
    json = undefined;
  }
  if (
    !json ||
    json._type !== IN_TOTO_STATEMENT_V1 ||
    !Array.isArray(json.subject) ||
    typeof json.predicateType !== 'string'
  ) {
    throw new BundleVerificationError('statement', 'the signed payload is not an in-toto v1 statement');
  }
  return json as Statement;
}
