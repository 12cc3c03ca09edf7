import * as core from '@actions/core';
import { runStep } from '@ghcr-kit/core/actions';
import { publishStep } from '@ghcr-kit/core/publish';

await runStep((io) => publishStep(io, (dir) => core.saveState('secret-dir', dir)), {
  token: (read) => read('github-token'),
  dateFromCommit: (read) => read('date-source') === 'commit',
});
