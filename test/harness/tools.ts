import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const installTools = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'scripts/install-tools.sh');

/**
 * The cached binary of a tool that scripts/install-tools.sh installs at its pinned version, or
 * an error that says how to install it: tests that need a tool fail, they never skip.
 */
export async function toolPath(tool: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(installTools, ['--print-path', tool]);
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || `${installTools} --print-path ${tool} failed: ${(error as Error).message}`);
  }
}
