import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { booleanInput, choiceInput, input, runAction, secretInput, splitInputList, writeSummary } from '@ghcr-kit/core/actions';
import {
  actionsIssuer, attestSubjects, attestSummary, parseVerifyPolicy, predicateFromInputs, repositoryVisibility, requestIdToken, resolveSigstoreInstance,
  subjectsFromInputs, trustedRoots, verifyFailureMessage, verifyImage, verifySummary,
} from '@ghcr-kit/core/attest';
import { InputError } from '@ghcr-kit/core/errors';
import { credentialsForRegistry, type CredentialInputs } from '@ghcr-kit/core/merge';
import { parseImageRef, imageName } from '@ghcr-kit/core/reference';
import { headManifest, RegistryClient } from '@ghcr-kit/core/registry';

const env = process.env;
const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com';
const apiUrl = env.GITHUB_API_URL || 'https://api.github.com';
const repository = env.GITHUB_REPOSITORY ?? '';

await runAction(async () => {
  const token = secretInput('github-token');
  const password = secretInput('password');
  const username = input('username');
  const credentials: CredentialInputs = {
    ...(username && password && { explicit: { username, password } }),
    ...(token && { github: { username: env.GITHUB_ACTOR || 'github-actions', password: token } }),
  };
  const clients = new Map<string, RegistryClient>();
  const clientFor = (registry: string) => {
    let client = clients.get(registry);
    if (!client) {
      const found = credentialsForRegistry(registry, credentials);
      for (const note of found.notes) core.info(`${registry}: ${note}`);
      if (!found.credentials) core.warning(`no credentials for ${registry}: add a docker/login-action step for ${registry} before this one, or set username and password.`);
      client = new RegistryClient({ registry, ...(found.credentials && { credentials: found.credentials }) });
      clients.set(registry, client);
    }
    return client;
  };
  const mode = choiceInput('mode', ['attest', 'verify'] as const, 'attest');
  const custom = { fulcioUrl: input('fulcio-url'), rekorUrl: input('rekor-url'), tsaUrl: input('tsa-url') };

  if (mode === 'verify') {
    const policy = parseVerifyPolicy({
      ...Object.fromEntries(['owner', 'repo', 'signer-workflow', 'signer-repo', 'cert-identity', 'cert-identity-regex', 'cert-oidc-issuer', 'predicate-type', 'source-ref', 'source-digest', 'signer-digest'].map((n) => [n, input(n)])),
      'deny-self-hosted-runners': booleanInput('deny-self-hosted-runners', false),
      'no-public-good': booleanInput('no-public-good', false),
      serverUrl,
      defaultIssuer: actionsIssuer(serverUrl),
    });
    const roots = await trustedRoots(input('trusted-root'), policy.noPublicGood);
    const raw = input('image-ref') || (input('subject-name') && `${input('subject-name')}@${input('subject-digest')}`);
    if (!raw) throw new InputError('image-ref', '', 'verify needs the image', 'Set image-ref (name:tag or name@sha256:<hex>), or subject-name with subject-digest.');
    const ref = parseImageRef(raw, { input: input('image-ref') ? 'image-ref' : 'subject-name' });
    const client = clientFor(ref.registry);
    const digest = ref.digest ?? (await headManifest(client, ref.repository, ref.tag ?? 'latest'))?.digest;
    if (!digest) throw new InputError('image-ref', raw, 'the tag does not exist in the registry', 'Check the name and tag.');
    const [owner, name] = (policy.repo ?? repository).split('/');
    const result = await verifyImage({
      image: { registry: ref.registry, repository: ref.repository, digest }, policy, roots, client,
      ...(token && owner && name && { api: { apiUrl, token, repository: `${owner}/${name}` } }),
    });
    const resultPath = join(env.RUNNER_TEMP || process.cwd(), 'ghcr-kit-verify-result.json');
    await writeFile(resultPath, JSON.stringify(result, null, 2));
    core.setOutput('result-path', resultPath);
    if (booleanInput('show-summary', true)) await writeSummary(verifySummary(result));
    if (!result.verified) throw new Error(verifyFailureMessage(result, policy.predicateType));
    core.info(`verified ${imageName(ref)}@${digest}: ${result.attestations.filter((a) => a.passed).length} attestation(s) satisfy the policy`);
    return;
  }

  // id-token: write is checked before anything else runs.
  const { token: identityToken, claims } = await requestIdToken(env);
  const pushToRegistry = booleanInput('push-to-registry', false);
  const subjects = await subjectsFromInputs({
    imageRefs: splitInputList(input('image-refs')), subjectName: input('subject-name'), subjectDigest: input('subject-digest'),
    subjectPaths: splitInputList(input('subject-path')), subjectChecksums: input('subject-checksums'), pushToRegistry,
  });
  const { predicate, source } = await predicateFromInputs({ sbomPath: input('sbom-path'), predicateType: input('predicate-type'), predicate: input('predicate'), predicatePath: input('predicate-path') }, claims, env);
  const choice = choiceInput('sigstore', ['auto', 'public-good', 'github', 'custom'] as const, 'auto');
  let visibility: string | undefined;
  if (choice === 'auto') {
    const payload = env.GITHUB_EVENT_PATH ? JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8').catch(() => '{}')) : {};
    visibility = payload?.repository?.visibility ?? claims.repository_visibility ?? (token ? await repositoryVisibility({ apiUrl, token, repository }) : undefined);
  }
  const instance = resolveSigstoreInstance({ choice, serverUrl, ...(visibility && { visibility }), ...custom });
  const result = await attestSubjects({
    subjects, predicate, predicateSource: source, instance, identityToken, pushToRegistry, perPlatform: booleanInput('per-platform', false),
    outDir: env.RUNNER_TEMP || process.cwd(), clientFor, log: core.info, warn: core.warning,
    ...(token && { api: { apiUrl, serverUrl, token, repository } }),
  });
  core.setOutput('bundle-path', result.attestations.map((a) => a.bundlePath).join('\n'));
  core.setOutput('attestation-id', result.attestations.map((a) => a.attestationId ?? '').join('\n'));
  core.setOutput('attestation-url', result.attestations.map((a) => a.attestationUrl ?? '').join('\n'));
  core.setOutput('referrer-digest', [...new Set(result.attestations.flatMap((a) => a.referrers))].join('\n'));
  if (booleanInput('show-summary', true)) await writeSummary(attestSummary(result, instance.id));
});
