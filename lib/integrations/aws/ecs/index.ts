// ECS for dbt Core runs as Fargate tasks: start one idempotently, follow it, stop it, and find the
// tasks a run already started (so a resumed worker attaches instead of starting another).
export { ecsPort, type EcsPort, type RunTaskInput } from './port';
export type { TaskView } from './views';
export type { AwsCredentialsConfig } from '../sts-client';
export type { CallOptions } from '../../call-limits';
