import { runStep } from '@ghcr-kit/core/actions';
import { cleanupStep } from '@ghcr-kit/core/steps/cleanup';

await runStep(cleanupStep);
