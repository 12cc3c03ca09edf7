export { splitInputList } from './input-list.ts';
export { runAction, writeSummary } from './run-action.ts';
export { input, booleanInput, choiceInput, secretInput } from './inputs.ts';
