import * as core from '@actions/core';
import { removeSecretFiles } from '@ghcr-kit/core/build';

// The build step's secret files never outlive the job, as in the build action.
removeSecretFiles(core.getState('secret-dir'));
