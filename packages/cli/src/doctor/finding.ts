/** One result of `ghcr-kit doctor`: what was checked, how it stands, and how to fix it. */
export interface Finding {
  check: 'permissions' | 'image name' | 'Dockerfile' | 'package';
  status: 'ok' | 'warn' | 'fail';
  /** Where: a workflow job, an image, a Dockerfile line. */
  subject: string;
  message: string;
  fix?: string;
}

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

/** Findings grouped by check, each with its fix indented under it, and a closing count. */
export function formatFindings(findings: Finding[]): string {
  const lines: string[] = [];
  for (const check of [...new Set(findings.map((f) => f.check))]) {
    lines.push(`${check}:`);
    for (const f of findings.filter((x) => x.check === check)) {
      lines.push(`  ${MARK[f.status]} ${f.subject}: ${f.message}`);
      if (f.fix) lines.push(...f.fix.split('\n').map((line, i) => `      ${i === 0 ? 'fix: ' : '     '}${line}`));
    }
  }
  const count = (status: Finding['status']) => findings.filter((f) => f.status === status).length;
  lines.push('', `${count('fail')} to fix, ${count('warn')} to look at, ${count('ok')} fine`);
  return `${lines.join('\n')}\n`;
}
