import { runStep } from '@ghcr-kit/core/actions';
import { metaStep } from '@ghcr-kit/core/steps/meta';

await runStep(metaStep, { token: (read) => read('github-token'), dateFromCommit: (read) => read('date-source') === 'commit' });
