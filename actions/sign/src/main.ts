import { runStep } from '@ghcr-kit/core/actions';
import { signStep } from '@ghcr-kit/core/steps/sign';

await runStep(signStep);
