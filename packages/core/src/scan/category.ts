/** `linux/arm/v7` → `linux-arm-v7`: how platforms appear in categories and file names. */
export function platformSlug(platform: string): string {
  return platform.replaceAll('/', '-');
}

export interface CategoryInputs {
  /** The `category` input; '' for the default `trivy/<image repository>`. */
  prefix: string;
  /** Image repository (`acme/app`) or, for fs/sbom scans, the scanned path. */
  subject: string;
  /** `linux/amd64`, or '' when the target has no platform (fs, sbom, single-arch tarball). */
  platform: string;
  /** True when more than one platform of this target is scanned. */
  severalPlatforms: boolean;
}

/**
 * A code scanning category: `runs[].automationDetails.id` ending in `/` (the trailing slash
 * makes the whole id the category). The default is stable across tags and digests, so a new
 * build's alerts replace the last build's instead of orphaning them.
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#runautomationdetails-object
 */
export function sarifCategory(inputs: CategoryInputs): string {
  const prefix = inputs.prefix.trim().replace(/\/+$/, '');
  const subject = inputs.subject.replace(/^\.?\/+/, '').replace(/\/+$/, '') || '.';
  const base = prefix || `trivy/${subject}`;
  // With the default prefix the platform is always part of the category; a custom prefix gets
  // it only when several platforms would otherwise share one category.
  const withPlatform = inputs.platform && (!prefix || inputs.severalPlatforms);
  return `${base}${withPlatform ? `/${platformSlug(inputs.platform)}` : ''}/`;
}
