export interface BuildSummary {
  engine: string;
  engineReason: string;
  images: string[];
  tags: string[];
  digest: string;
  platforms: string[];
  pushed: boolean;
  pushReason: string;
  pushByDigest: boolean;
  cache: string;
  /** Steps reused from cache, when the builder said. */
  cachedSteps?: { cached: number; total: number };
  durationMs: number;
  smoke: Array<[string, string]>;
  fromMeta: string[];
  warnings: string[];
}

/** The job summary. Secrets never reach it: it is built from names, digests and notes only. */
export function buildSummary(s: BuildSummary): string {
  const rows: Array<[string, string]> = [
    ['Engine', `${s.engine} (${s.engineReason})`],
    ['Image', s.images.map(code).join('<br>') || '(none)'],
    ['Tags', s.tags.map(code).join('<br>') || (s.pushByDigest ? 'none: pushed by digest for merge' : '(none)')],
    ['Digest', s.digest ? code(s.digest) : '(none)'],
    ['Platforms', s.platforms.map(code).join(', ') || "the builder's own"],
    ['Pushed', `${s.pushed ? 'yes' : 'no'}: ${s.pushReason}`],
    [
      'Cache',
      s.cachedSteps ? `${s.cache}; ${s.cachedSteps.cached} of ${s.cachedSteps.total} build steps from cache` : s.cache,
    ],
    ['Duration', `${(s.durationMs / 1000).toFixed(1)} s`],
  ];
  if (s.fromMeta.length) rows.push(['From the meta step', s.fromMeta.join(', ')]);
  for (const [platform, result] of s.smoke) rows.push([`Smoke test ${code(platform)}`, result]);
  const lines = ['## Image build', '', '| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)];
  if (s.warnings.length) lines.push('', ...s.warnings.map((w) => `> [!WARNING]\n> ${cell(w)}`));
  return `${lines.join('\n')}\n`;
}

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
