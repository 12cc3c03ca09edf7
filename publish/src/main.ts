import { runStep } from '@ghcr-kit/core/actions';
import { publishStep } from '@ghcr-kit/core/publish';

await runStep(publishStep);
