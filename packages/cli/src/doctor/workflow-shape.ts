import { parse } from 'yaml';
import * as z from 'zod/mini';
import { describeIssue } from '../schema-issue.ts';

// The parts of a workflow file doctor reads; everything else in it is left as it is.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax
const withSchema = z.optional(z.record(z.string(), z.unknown()));
const stepSchema = z.looseObject({ uses: z.optional(z.string()), with: withSchema });
const jobSchema = z.looseObject({
  /** A called reusable workflow. */
  uses: z.optional(z.string()),
  with: withSchema,
  permissions: z.optional(z.unknown()),
  steps: z.optional(z.array(stepSchema)),
});
const workflowSchema = z.looseObject({
  permissions: z.optional(z.unknown()),
  jobs: z.optional(z.record(z.string(), jobSchema)),
});

export type WorkflowStep = z.infer<typeof stepSchema>;
export type WorkflowJob = z.infer<typeof jobSchema>;
export type WorkflowFile = z.infer<typeof workflowSchema>;

/** A workflow file's jobs and steps; an Error naming the file when it is not a workflow. */
export function parseWorkflow(file: string, text: string): WorkflowFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = workflowSchema.safeParse(doc ?? {});
  if (!parsed.success) throw new Error(`${file} is not a workflow: ${describeIssue(parsed.error.issues)}`);
  return parsed.data;
}
