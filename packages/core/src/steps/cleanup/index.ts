export { cleanupStep, CLEANUP_OUTPUTS, type CleanupOutput } from './step.ts';
export { parseCleanupInputs, MAX_TOKEN_LENGTH, type CleanupInputs } from './inputs.ts';
