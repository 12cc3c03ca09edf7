import * as core from '@actions/core';
import { removeSecretFiles } from '@ghcr-kit/core/build';

// Runs after the job's steps, failed or not: secret files never outlive the job.
removeSecretFiles(core.getState('secret-dir'));
