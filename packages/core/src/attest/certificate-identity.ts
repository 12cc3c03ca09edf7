/**
 * The Fulcio certificate extensions a policy checks, by name.
 * https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md
 */
export interface CertificateIdentity {
  subjectAlternativeName?: string;
  issuer?: string;
  buildSignerUri?: string;
  buildSignerDigest?: string;
  runnerEnvironment?: string;
  sourceRepositoryUri?: string;
  sourceRepositoryDigest?: string;
  sourceRepositoryRef?: string;
  sourceRepositoryOwnerUri?: string;
  buildConfigUri?: string;
  buildTrigger?: string;
  runInvocationUri?: string;
  sourceRepositoryVisibility?: string;
}

const FULCIO_OIDS: Record<string, keyof CertificateIdentity> = {
  '1.3.6.1.4.1.57264.1.8': 'issuer',
  '1.3.6.1.4.1.57264.1.9': 'buildSignerUri',
  '1.3.6.1.4.1.57264.1.10': 'buildSignerDigest',
  '1.3.6.1.4.1.57264.1.11': 'runnerEnvironment',
  '1.3.6.1.4.1.57264.1.12': 'sourceRepositoryUri',
  '1.3.6.1.4.1.57264.1.13': 'sourceRepositoryDigest',
  '1.3.6.1.4.1.57264.1.14': 'sourceRepositoryRef',
  '1.3.6.1.4.1.57264.1.16': 'sourceRepositoryOwnerUri',
  '1.3.6.1.4.1.57264.1.18': 'buildConfigUri',
  '1.3.6.1.4.1.57264.1.20': 'buildTrigger',
  '1.3.6.1.4.1.57264.1.21': 'runInvocationUri',
  '1.3.6.1.4.1.57264.1.22': 'sourceRepositoryVisibility',
};
// The v1 issuer extension holds raw bytes; later extensions hold a DER UTF8String.
const LEGACY_ISSUER_OID = '1.3.6.1.4.1.57264.1.1';

export interface SignerOid {
  oid?: { id: number[] } | undefined;
  value: Uint8Array;
}

/** The identity of a verified signer, from the extensions @sigstore/verify hands back. */
export function certificateIdentity(
  san: string | undefined,
  oids: readonly SignerOid[],
  issuer?: string,
): CertificateIdentity {
  const identity: CertificateIdentity = { ...(san && { subjectAlternativeName: san }), ...(issuer && { issuer }) };
  for (const { oid, value } of oids) {
    if (!oid) continue;
    const id = oid.id.join('.');
    if (id === LEGACY_ISSUER_OID && !identity.issuer) identity.issuer = Buffer.from(value).toString('utf8');
    const field = FULCIO_OIDS[id];
    if (field) identity[field] = decodeUtf8String(value);
  }
  return identity;
}

function decodeUtf8String(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes);
  if (buffer[0] !== 0x0c || buffer.length < 2) return buffer.toString('utf8');
  let length = buffer[1]!;
  let offset = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | buffer[2 + i]!;
    offset = 2 + count;
  }
  return buffer.subarray(offset, offset + length).toString('utf8');
}
