export { parseTagRules, DEFAULT_PRIORITIES, DEFAULT_TAG_RULES } from './parse-rules.ts';
export { parseFlavor } from './flavor.ts';
export { checkTemplate, checkTemplateOf, GLOBAL_EXPRESSIONS, renderGlobalExpressions } from './expressions.ts';
export { computeTags } from './assemble.ts';
export { sanitizeTag, MAX_TAG_LENGTH } from './sanitize.ts';
export { formatDate } from './date-format.ts';
export { ExpressionError } from './expression-error.ts';
export type { TagRule, TagType, RefEvent, ShaFormat, Flavor, TagOptions, TagsResult } from './types.ts';
export { tagOptionsFromEnv } from './options-from-env.ts';
