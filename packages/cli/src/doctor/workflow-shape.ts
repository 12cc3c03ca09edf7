/** The parts of a workflow file doctor reads, as the `yaml` parser gives them. */
export interface WorkflowStep {
  uses?: string;
  with?: Record<string, unknown>;
}

export interface WorkflowJob {
  /** A called reusable workflow. */
  uses?: string;
  with?: Record<string, unknown>;
  permissions?: unknown;
  steps?: WorkflowStep[];
}

export interface WorkflowFile {
  permissions?: unknown;
  jobs?: Record<string, WorkflowJob>;
}
