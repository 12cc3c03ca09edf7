import type { ScanType } from './trivy-args.ts';

export interface SyftPlan {
  scanType: ScanType;
  target: string;
  input: string;
  spdxJson: string;
  cyclonedxJson: string;
}

/**
 * One Syft run writes both SBOMs (`-o format=file` may repeat), so the image is read once.
 * https://github.com/anchore/syft/wiki/Output-Formats
 * Returns undefined for `scan-type: sbom`: the input already is an SBOM.
 */
export function syftArgs(plan: SyftPlan): string[] | undefined {
  if (plan.scanType === 'sbom') return undefined;
  const source = plan.scanType === 'fs' ? `dir:${plan.target}` : plan.input ? plan.input : `registry:${plan.target}`;
  return ['scan', source, '-o', `spdx-json=${plan.spdxJson}`, '-o', `cyclonedx-json=${plan.cyclonedxJson}`];
}

/** Syft's environment: no update check (it calls home on every run otherwise). */
export const SYFT_ENV: Record<string, string> = { SYFT_CHECK_FOR_APP_UPDATE: 'false' };
