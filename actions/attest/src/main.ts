import { runStep } from '@ghcr-kit/core/actions';
import { attestStep } from '@ghcr-kit/core/attest';

await runStep(attestStep);
