import { runStep } from '@ghcr-kit/core/actions';
import { metaStep } from '@ghcr-kit/core/steps/meta';

await runStep(metaStep);
