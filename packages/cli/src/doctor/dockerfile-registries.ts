import { formatImageRef, looksLikeRegistryHost, parseImageRef } from '@ghcr-kit/core/reference';
import type { Finding } from './finding.ts';

/**
 * Raqeem's rule: every `FROM` names its registry, so a base image never comes from Docker Hub
 * by default (rate limits, name squatting, a mirror that does not answer). A stage name,
 * `scratch`, and a build argument with an explicit default are resolved first.
 */
export function checkDockerfileRegistries(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const stages = new Set<string>();
  const args = new Map<string, string>();
  let seenFrom = false;
  for (const { line, number } of instructions(text)) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const upper = keyword.toUpperCase();
    // Only ARGs before the first FROM apply to FROM lines.
    if (upper === 'ARG' && !seenFrom) {
      for (const decl of rest) {
        const eq = decl.indexOf('=');
        if (eq > 0) args.set(decl.slice(0, eq), decl.slice(eq + 1).replace(/^["']|["']$/g, ''));
      }
    }
    if (upper !== 'FROM') continue;
    seenFrom = true;
    const words = rest.filter((word) => !word.startsWith('--'));
    const raw = words[0] ?? '';
    if (words[1]?.toUpperCase() === 'AS' && words[2]) stages.add(words[2].toLowerCase());
    const image = raw.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a, b) => args.get(a ?? b) ?? whole);
    const subject = `${file}:${number}`;
    if (image.toLowerCase() === 'scratch' || stages.has(image.toLowerCase())) continue;
    if (image.includes('$')) {
      findings.push({
        check: 'Dockerfile',
        status: 'warn',
        subject,
        message: `FROM ${raw}: a build argument without a default here; its value decides the registry`,
        fix: 'give the ARG a default with an explicit registry, e.g. ARG BASE=docker.io/library/alpine:3.20',
      });
      continue;
    }
    const explicit = image.includes('/') && looksLikeRegistryHost(image.split('/')[0]!);
    if (explicit) {
      findings.push({ check: 'Dockerfile', status: 'ok', subject, message: `FROM ${image}` });
      continue;
    }
    let full = `docker.io/${image}`;
    try {
      full = formatImageRef(parseImageRef(image));
    } catch {
      // an unparsable name still gets the rule's message; the build reports the name itself
    }
    findings.push({
      check: 'Dockerfile',
      status: 'fail',
      subject,
      message: `FROM ${image} names no registry, so it comes from Docker Hub implicitly`,
      fix: `write FROM ${full} (or your mirror's name for it)`,
    });
  }
  return findings;
}

/** Instructions with continuation lines joined and comments dropped, each with its first line number. */
function instructions(text: string): Array<{ line: string; number: number }> {
  const out: Array<{ line: string; number: number }> = [];
  let current = '';
  let start = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) return;
    if (!current) start = index + 1;
    current += ` ${line.replace(/\\$/, '')}`;
    if (!line.endsWith('\\')) {
      out.push({ line: current.trim(), number: start });
      current = '';
    }
  });
  return out;
}
