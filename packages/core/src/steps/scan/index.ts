export { scanStep, SCAN_OUTPUTS, type ScanOutput } from './step.ts';
export { parseScanInputs, type ScanInputs } from './inputs.ts';
