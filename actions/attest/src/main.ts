import { runStep } from '@ghcr-kit/core/actions';
import { attestStep } from '@ghcr-kit/core/steps/attest';

await runStep(attestStep);
