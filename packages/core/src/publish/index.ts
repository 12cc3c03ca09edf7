export { PUBLISH_TAG_RULES, PUBLISH_FLAVOR, PUBLISH_PLATFORMS, defaultImageName } from './defaults.ts';
export { metaInputs, buildInputs, scanInputs, attestInputs, signInputs } from './step-inputs.ts';
export { PUBLISH_RENAMES, PUBLISH_FED, PUBLISH_HIDDEN_OUTPUTS, PUBLISH_SWITCHES, publishName } from './renames.ts';
export { publishStep, PUBLISH_OUTPUTS } from './publish-step.ts';
export { parseServices, changedServices, type Service, type ChangeFacts, type ChangeDecision } from './services.ts';
export { pathGlobToRegExp, matchesAnyPath } from './path-glob.ts';
