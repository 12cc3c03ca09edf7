import { error, group, info, notice, setSecret, warning } from '@actions/core';
import type { Logger } from './logger.ts';

/**
 * The runner's log through workflow commands. Named imports, not the namespace: see Logger.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
export const runnerLogger: Logger = {
  info: (line) => info(line),
  notice: (line) => notice(line),
  warning: (line) => warning(line),
  error: (line, where) =>
    error(line, {
      ...(where?.title && { title: where.title }),
      ...(where?.file && { file: where.file }),
      ...(where?.line && { startLine: where.line }),
    }),
  group: (name, body) => group(name, body),
  mask: (secret) => setSecret(secret),
};
