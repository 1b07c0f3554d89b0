// CloudFormation for deploys: the port (change sets, execution, deletion, rollback recovery, the
// event cursor), its views, and the stack status classification the deploy job polls with.
export { cloudFormationPort, type CloudFormationPort, type CreateChangeSetInput } from './port';
export type { ChangeSetView, ChangeView, StackEventView, StackView } from './views';
export { STACK_STATUS, stackRecovery, type StackRecovery } from './stack-status';
export { isNoChangesError, NO_CHANGES_CODE } from './outcomes';
export { MAX_EVENT_PAGES } from './events';
export type { AwsCredentialsConfig } from '../sts-client';
export type { CallOptions } from '../../call-limits';
