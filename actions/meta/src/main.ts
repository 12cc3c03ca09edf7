import { runStep } from '@ghcr-kit/core/actions';
import { metaStep } from '@ghcr-kit/core/metadata';

await runStep(metaStep, { tokenInput: 'github-token', dateFromCommit: (read) => read('date-source') === 'commit' });
