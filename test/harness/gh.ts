import { execFile } from 'node:child_process';

/** Runs gh with a private HOME (no login, no config of the machine's user) and the given env. */
export function runGh(
  binary: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const base = { PATH: process.env.PATH ?? '', GH_NO_UPDATE_NOTIFIER: '1', GH_PROMPT_DISABLED: '1', NO_COLOR: '1' };
    execFile(binary, args, { env: { ...base, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}
