import * as core from '@actions/core';
import { runStep } from '@ghcr-kit/core/actions';
import { buildStep } from '@ghcr-kit/core/build';

await runStep((io) => buildStep(io, (dir) => core.saveState('secret-dir', dir)));
