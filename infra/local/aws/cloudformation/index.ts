// The CloudFormation stand-in: `createCloudFormationService(world, { timeScale })` gives the
// awsQuery service to pass to `startAwsServer({ query: [...] })`. See service.ts for the actions
// and the sandbox control routes (failure injection, stalls, stack listing).
export { createCloudFormationService, type CloudFormationService } from './service';
export type { EngineOptions as CloudFormationOptions } from './engine';
export { FailureRules, SANDBOX_METADATA_KEY, type FailureRule } from './failures';
export type { Stack, StackEvent, StackResource, StackStatus } from './model';
