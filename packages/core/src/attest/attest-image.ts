import type { SerializedBundle } from '@sigstore/bundle';
import { parseImageRef } from '../reference/index.ts';
import { platformEntries, readManifestNode, type RegistryClient } from '../registry/index.ts';
import { attestationUrl, storeAttestation } from './attestations-api.ts';
import { writeBundleFile } from './bundle-file.ts';
import { checkPredicateSize, type Predicate } from './predicate.ts';
import { pushBundleReferrer } from './registry-storage.ts';
import { signStatement } from './sign.ts';
import type { SigstoreInstance } from './sigstore-instances.ts';
import { buildStatement } from './statement.ts';
import { registryDigest, type Subject } from './subjects.ts';

export interface AttestRequest {
  subjects: Subject[];
  predicate: Predicate;
  /** Where the predicate came from, for the size message. */
  predicateSource: string;
  instance: SigstoreInstance;
  identityToken: string;
  /** Attestations API; undefined skips storing there (no token). */
  api?: { apiUrl: string; serverUrl: string; token: string; repository: string };
  pushToRegistry: boolean;
  perPlatform: boolean;
  /** Where bundles are written (RUNNER_TEMP). */
  outDir: string;
  clientFor: (registry: string) => RegistryClient;
  log: (message: string) => void;
  warn: (message: string) => void;
}

export interface AttestationRecord {
  subjects: Subject[];
  bundlePath: string;
  attestationId?: string;
  attestationUrl?: string;
  /** `registry/repository@sha256:…` of each pushed referrer. */
  referrers: string[];
}

export interface AttestResult {
  predicateType: string;
  attestations: AttestationRecord[];
}

/**
 * Signs one statement for all subjects, stores it once in the attestations API, and pushes it
 * to each subject's repository; with per-platform, each platform manifest of an attested index
 * gets a statement of its own as well.
 */
export async function attestSubjects(request: AttestRequest): Promise<AttestResult> {
  checkPredicateSize(request.predicate, request.predicateSource);
  const groups: Subject[][] = [request.subjects];
  if (request.pushToRegistry) {
    for (const subject of request.subjects) registryDigest(subject);
    const platforms = await inspectIndexes(request);
    if (request.perPlatform) groups.push(...platforms.map((p) => [p]));
  }
  const attestations: AttestationRecord[] = [];
  for (const subjects of groups) attestations.push(await attestGroup(request, subjects));
  return { predicateType: request.predicate.type, attestations };
}

/** Platform manifests of attested indexes; warns when an SBOM (one platform's) lands on an index. */
async function inspectIndexes(request: AttestRequest): Promise<Subject[]> {
  const platforms: Subject[] = [];
  for (const subject of request.subjects) {
    const ref = parseImageRef(subject.name, { input: 'subject-name' });
    const digest = registryDigest(subject);
    const node = await readManifestNode(request.clientFor(ref.registry), ref.repository, digest);
    if (!node.entries) continue;
    if (!request.predicate.type.startsWith('https://slsa.dev/provenance/')) {
      request.warn(
        `${subject.name}@${digest} is a multi-platform index, and an SBOM usually describes one platform; ` +
          "attest the SBOM to that platform's digest (per-platform image-refs) if it is not for all of them.",
      );
    }
    for (const child of platformEntries(node)) {
      platforms.push({ name: subject.name, digest: { sha256: child.digest.replace(/^sha256:/, '') } });
    }
  }
  return platforms;
}

async function attestGroup(request: AttestRequest, subjects: Subject[]): Promise<AttestationRecord> {
  const statement = buildStatement(subjects, request.predicate);
  const bundle = await signStatement(statement, { instance: request.instance, identityToken: request.identityToken });
  const bytes = Buffer.from(JSON.stringify(bundle));
  const record: AttestationRecord = {
    subjects,
    bundlePath: await writeBundleFile(request.outDir, 'ghcr-kit-attestations', bytes),
    referrers: [],
  };
  const { id, fulcioUrl } = request.instance;
  request.log(`signed ${subjects.length} subject(s) on ${id} Sigstore (${fulcioUrl}); bundle: ${record.bundlePath}`);

  if (request.api) {
    record.attestationId = await storeAttestation(request.api, bundle);
    record.attestationUrl = attestationUrl(request.api.serverUrl, request.api.repository, record.attestationId);
    request.log(`stored attestation ${record.attestationId}: ${record.attestationUrl}`);
  }
  if (request.pushToRegistry) {
    for (const subject of subjects) {
      const ref = parseImageRef(subject.name, { input: 'subject-name' });
      const digest = await pushBundleReferrer(
        request.clientFor(ref.registry),
        ref.repository,
        registryDigest(subject),
        bytes,
        request.predicate.type,
      );
      record.referrers.push(`${ref.registry}/${ref.repository}@${digest}`);
      request.log(
        `pushed the bundle to ${ref.registry}/${ref.repository} as ${digest} (referrer of ${registryDigest(subject)})`,
      );
    }
  }
  return record;
}

/** The bundle type, re-exported for shells that read bundle files. */
export type { SerializedBundle };
