import { runStep } from '@ghcr-kit/core/actions';
import { buildStep } from '@ghcr-kit/core/steps/build';

// The post step removes the secret files, wherever the step stopped (io.saveState).
await runStep(buildStep);
