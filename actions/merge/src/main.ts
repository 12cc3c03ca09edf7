import { runStep } from '@ghcr-kit/core/actions';
import { mergeStep } from '@ghcr-kit/core/steps/merge';

await runStep(mergeStep);
