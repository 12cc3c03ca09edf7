export { splitInputList } from './input-list.ts';
export { runAction, writeSummary } from './run-action.ts';
export { runStep, stepIO, type ContextualStep, type RunStepOptions } from './run-step.ts';
export { systemClock, type AnnotationPlace, type Clock, type Logger } from './logger.ts';
export { runnerLogger } from './runner-logger.ts';
export { input, booleanInput, choiceInput, secretInput } from './inputs.ts';
export { readBoolean, readChoice, type ReadInput } from './read-input.ts';
export type { Step, StepIO, StepResult } from './step.ts';
export { parseCommandFile } from './command-file.ts';
export {
  uploadWorkflowArtifact,
  artifactServiceMissing,
  attemptSuffix,
  type WorkflowArtifact,
  type ArtifactUploader,
} from './workflow-artifact.ts';
