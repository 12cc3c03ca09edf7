import { runStep } from '@ghcr-kit/core/actions';
import { scanStep } from '@ghcr-kit/core/steps/scan';

// scan uses no repository facts, so a bad input fails before any request at all.
await runStep(scanStep, { repositoryFacts: false });
