import { stepIO, type Logger, type StepIO } from '../../packages/core/src/actions/index.ts';
import { contextFromEnv, type Context, type Env } from '../../packages/core/src/context/index.ts';

/** A logger that keeps every line as `<level> <text>`, for asserting what a user would read. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => lines.push(`info ${line}`),
    notice: (line) => lines.push(`notice ${line}`),
    warning: (line) => lines.push(`warning ${line}`),
    error: (line, where) => lines.push(`error ${line}${where?.file ? ` (${where.file}:${where.line ?? ''})` : ''}`),
    group: async (name, body) => {
      lines.push(`group ${name}`);
      return body();
    },
    mask: (secret) => lines.push(`mask ${secret}`),
  };
}

export interface TestIOOptions {
  /** Inputs by name, as a runner passes them (unset: ''). */
  inputs?: Record<string, string>;
  /** The runner's environment; the Context is built from it. */
  env?: Env;
  /** The fixed clock. */
  now?: Date;
  /** A Context loaded another way (from a payload file, or with the API's repository facts). */
  context?: Context;
}

/**
 * A StepIO as runStep builds it, with what comes from outside fixed: inputs from a table, a
 * recording logger, a clock that does not move, and sleeps that return at once but are counted.
 */
export function testIO(
  options: TestIOOptions = {},
): StepIO & { log: ReturnType<typeof recordingLogger>; slept: number[] } {
  const env = options.env ?? {};
  const now = options.now ?? new Date('2026-12-04T10:00:00Z');
  const log = recordingLogger();
  const slept: number[] = [];
  const io = stepIO({
    read: (name, read) => {
      const raw = options.inputs?.[name] ?? '';
      return read?.trim === false ? raw : raw.trim();
    },
    env,
    context: options.context ?? contextFromEnv(env, {}, { now }),
    log,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  return { ...io, log, slept };
}
