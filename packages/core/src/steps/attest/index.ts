export {
  parseAttestInputs,
  type AttestInputs,
  type AttestModeInputs,
  type VerifyModeInputs,
  type AttestFed,
} from './inputs.ts';
export { attestStep, ATTEST_OUTPUTS, type AttestOutput, type AttestStepResult } from './step.ts';
