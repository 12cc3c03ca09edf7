export { scanStep, SCAN_OUTPUTS, type ScanOutput, type ScanSbom } from './step.ts';
export { parseScanInputs, type ScanInputs } from './inputs.ts';
