import { executableArchitectures, parsePlatform } from './platforms.ts';

export interface SmokePlan {
  run: string[];
  /** Platform → why it is not run. */
  skipped: Array<[string, string]>;
}

/**
 * Which platforms the smoke test runs on: those this runner executes natively or through a
 * registered emulator; the rest are skipped and the summary says so.
 */
export function planSmokeTest(
  platforms: string[],
  hostPlatform: string,
  hostArch: string,
  binfmtEntries: string[],
): SmokePlan {
  const can = executableArchitectures(hostArch, binfmtEntries);
  const wanted = platforms.length ? platforms : [hostPlatform];
  const run: string[] = [];
  const skipped: Array<[string, string]> = [];
  for (const platform of wanted) {
    const parsed = parsePlatform(platform);
    if (!parsed) run.push(hostPlatform);
    else if (parsed.os !== 'linux') skipped.push([platform, `this runner runs linux images only`]);
    else if (can.has(parsed.architecture)) run.push(platform);
    else
      skipped.push([
        platform,
        `this runner cannot execute ${parsed.architecture} (no native support, no binfmt_misc emulator registered)`,
      ]);
  }
  return { run: [...new Set(run)], skipped };
}

/**
 * The command `docker run image ARGS…` would run: the entrypoint followed by the given
 * arguments, which replace the image's CMD; with no arguments, entrypoint + CMD.
 * https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact
 */
export function smokeCommand(
  entrypoint: string[] | null | undefined,
  cmd: string[] | null | undefined,
  args: string[],
): string[] {
  const ep = entrypoint ?? [];
  return args.length ? [...ep, ...args] : [...ep, ...(cmd ?? [])];
}
