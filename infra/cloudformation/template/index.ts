// The pipeline stack's CloudFormation template builder (see build.ts for how the parts fit).
export { buildStackTemplate, TEMPLATE_BODY_LIMIT } from './build';
export { stackNameFor, STACK_NAME_MAX } from './names';
export { PARAM, SECRET_PARAMETER_KEYS } from './parameters';
export { stackTags, type Tag } from './tags';
export { EXAMPLE_EXISTING_NETWORK, EXAMPLE_STACK_INPUT } from './example-input';
export { templateSchemaProblems } from './validate';
export * from './versions';
export type { BuiltStack, ResourceSummary, StackInput, StackParameter, StackSecrets } from './types';
