/** Runs an external tool with an argument array (never a shell). */
export type ToolRunner = (
  command: string,
  args: string[],
  options?: { env?: Record<string, string> },
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;
