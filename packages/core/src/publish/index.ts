export { PUBLISH_TAG_RULES, PUBLISH_FLAVOR, PUBLISH_PLATFORMS, defaultImageName } from './defaults.ts';
export { metaInputs, buildInputs } from './step-inputs.ts';
export { publishStep, PUBLISH_OUTPUTS } from './publish-step.ts';
