export { runCleanup, type CleanupSettings } from './cleanup-run.ts';
export { restorePlan } from './restore-plan.ts';
export { restoreManifestCache, saveManifestCache } from './manifest-cache.ts';
