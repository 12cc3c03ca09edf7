import type { AttestResult } from './attest-image.ts';
import type { VerifyResult } from './verify-image.ts';

/** Job summary of an attest run: subjects, predicate type, where each bundle went. */
export function attestSummary(result: AttestResult, instance: string): string {
  const rows = result.attestations.flatMap((a) =>
    a.subjects.map((s) => {
      const digest = Object.entries(s.digest)
        .map(([alg, hex]) => `${alg}:${hex}`)
        .join(', ');
      const link = a.attestationUrl ? `[${a.attestationId}](${a.attestationUrl})` : '—';
      return `| \`${s.name}\` | \`${digest}\` | ${link} | ${referrerCell(a.referrers)} |`;
    }),
  );
  return [
    `### Attestations (${result.predicateType})`,
    '',
    `Signed on the ${instance} Sigstore instance.`,
    '',
    '| Subject | Digest | Attestation | Registry referrer |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** The digests of the referrers an attestation was pushed as, one per line of the cell. */
function referrerCell(referrers: string[]): string {
  return referrers.length ? referrers.map((r) => `\`${r.split('@')[1]}\``).join('<br>') : '—';
}

/** Job summary of a verify run: one row per attestation found, with what failed. */
export function verifySummary(result: VerifyResult): string {
  const rows = result.attestations.map((a) => {
    const failed = a.error
      ? `${a.error.check}: ${a.error.message}`
      : a.checks
          .filter((c) => !c.passed)
          .map((c) => `${c.check}: ${c.message}`)
          .join('<br>');
    const cells = [a.passed ? '✅' : '❌', a.source, a.predicateType ?? '—', a.signer ?? '—', failed || '—'];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    `### Verification of \`${result.image}@${result.digest}\`: ${result.verified ? 'passed' : 'failed'}`,
    '',
    '| | Found in | Predicate type | Signer | Failed checks |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ...signatureRows(result),
    ...result.notes.map((n) => `\n> ${n}`),
    '',
  ].join('\n');
}

function signatureRows(result: VerifyResult): string[] {
  const signatures = result.signatures ?? [];
  if (!signatures.length) return [];
  return [
    '',
    '| | Image signature | Form | Signer | Failed checks |',
    '| --- | --- | --- | --- | --- |',
    ...signatures.map((s) => {
      const failed = s.error
        ? `${s.error.check}: ${s.error.message}`
        : s.checks
            .filter((c) => !c.passed)
            .map((c) => `${c.check}: ${c.message}`)
            .join('<br>');
      return `| ${s.passed ? '✅' : '❌'} | ${s.source} | ${s.form} | ${s.signer ?? '—'} | ${failed || '—'} |`;
    }),
  ];
}
