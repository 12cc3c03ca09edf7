import { runStep } from '@ghcr-kit/core/actions';
import { scanStep } from '@ghcr-kit/core/steps/scan';

await runStep(scanStep);
