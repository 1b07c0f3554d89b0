// The CloudFormation stand-in as an awsQuery service for the sandbox's AWS endpoint
// (infra/local/aws/server.ts): API version 2010-05-15, XML answers in CloudFormation's shapes.
//
// Actions: CreateStack, UpdateStack, DeleteStack, DescribeStacks, ListStacks,
// DescribeStackEvents, DescribeStackResources, ListStackResources, GetTemplate, ValidateTemplate,
// CreateChangeSet, DescribeChangeSet, ListChangeSets, ExecuteChangeSet, DeleteChangeSet,
// RollbackStack, ContinueUpdateRollback.
//
// Provisioning is simulated over time (`timeScale` × believable seconds per resource); stacks
// live in memory, and in a state file when the AWS stand-in is given one (`snapshot`/`restore`,
// then `resume` carries on the operations that were under way). Resource properties are validated against the provider schemas kept in
// infra/cloudformation/schemas.
//
// Sandbox control routes (on the same port):
//   GET    /__sandbox/cloudformation/stacks            every stack: status, outputs, resources
//   GET    /__sandbox/cloudformation/stacks/<name|id>  one stack, with its events oldest first
//   GET    /__sandbox/cloudformation/failures          the failure rules in force
//   PUT    /__sandbox/cloudformation/failures          add a rule (or a list of rules):
//            { "logicalId"?: "Db", "resourceType"?: "AWS::RDS::DBInstance", "stackName"?: "s",
//              "reason"?: "text", "phases"?: ["create","update","delete"], "times"?: 1 }
//            at least one of logicalId/resourceType; phases default to create and update
//   DELETE /__sandbox/cloudformation/failures          clear the rules
//   PUT    /__sandbox/cloudformation/stall             { "stackName"?: "s" } ("*" = all, the
//            default): that stack writes no new event (its operation waits) until released
//   DELETE /__sandbox/cloudformation/stall[?stackName=s]   release one stall, or all
//   GET    /__sandbox/cloudformation/stall             the stalled stack names
// A template can also make a resource fail on purpose, with no control call:
//   Metadata: { "Tapestry::Sandbox": { "Fail": "reason" } }          (every create/update)
//   Metadata: { "Tapestry::Sandbox": { "FailOnDelete": "reason" } }  (every delete)
import type { SandboxWorld } from '../../core/world';
import { AwsError, type QueryService } from '../protocol';
import { createChangeSet, deleteChangeSet, describeChangeSet, executeChangeSet, listChangeSets } from './actions-change-sets';
import { describeStackEvents, describeStackResources, describeStacks, getTemplate, listStackResources, listStacks, validateTemplate } from './actions-read';
import { continueUpdateRollback, createStack, deleteStack, rollbackStack, updateStack } from './actions-stacks';
import { cloudFormationControl } from './control';
import { CloudFormationEngine, type EngineOptions, type EngineSnapshot } from './engine';
import { RequestParams } from './request';
import { resumeOperations } from './resume';

type Action = (engine: CloudFormationEngine, params: RequestParams) => string;

const ACTIONS: Record<string, Action> = {
  CreateStack: createStack,
  UpdateStack: updateStack,
  DeleteStack: deleteStack,
  DescribeStacks: describeStacks,
  ListStacks: listStacks,
  DescribeStackEvents: describeStackEvents,
  DescribeStackResources: describeStackResources,
  ListStackResources: listStackResources,
  GetTemplate: getTemplate,
  ValidateTemplate: validateTemplate,
  CreateChangeSet: createChangeSet,
  DescribeChangeSet: describeChangeSet,
  ListChangeSets: listChangeSets,
  ExecuteChangeSet: executeChangeSet,
  DeleteChangeSet: deleteChangeSet,
  RollbackStack: rollbackStack,
  ContinueUpdateRollback: continueUpdateRollback,
};

export interface CloudFormationService extends QueryService {
  /** The simulation behind the API (stacks, failure rules, time), for tests and the sandbox. */
  engine: CloudFormationEngine;
  /**
   * Stops every running operation and timer. Timers are unref'd anyway, so an unclosed service
   * never keeps a process alive; call this when the server closes so nothing runs afterwards.
   */
  close(): void;
  /** Stacks, change sets, tokens and test rules, for the state file. */
  snapshot(): EngineSnapshot;
  restore(saved: EngineSnapshot): void;
  /** Carries on the operations a restored state had under way. */
  resume(): void;
}

export function createCloudFormationService(world: SandboxWorld, options: EngineOptions = {}): CloudFormationService {
  const engine = new CloudFormationEngine(world, options);
  return {
    version: '2010-05-15',
    signingName: 'cloudformation',
    flavour: 'query',
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    engine,
    async handle(action, params) {
      const run = ACTIONS[action];
      if (!run) throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`);
      if (engine.env.timeline.closed) throw new AwsError('ServiceUnavailable', 'The service is shutting down.', 503);
      return run(engine, new RequestParams(params));
    },
    control: (request) => cloudFormationControl(engine, request),
    close: () => engine.close(),
    snapshot: () => engine.snapshot(),
    restore: (saved) => engine.restore(saved),
    resume: () => resumeOperations(engine),
  };
}
