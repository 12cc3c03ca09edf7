export { parseSignInputs, type SignInputs } from './inputs.ts';
export { signStep, SIGN_OUTPUTS, ACT_SIGN_NOTICE, type SignOutput, type SignStepResult } from './step.ts';
