import { runStep } from '@ghcr-kit/core/actions';
import { scanStep } from '@ghcr-kit/core/scan';

await runStep(scanStep);
