// The steps of each kind of deployment, in order, with the words the deploy page shows. Planning
// steps run before an admin confirms the change set; the rest after. Pure data, shared by the
// worker (which runs them) and the page (which lists them).
import type { DeploymentKind } from '@/lib/generated/prisma/enums';

export const STEP_LABEL = {
  template: 'Generate the CloudFormation template',
  change_set: 'Create the change set',
  stack: 'Create or update the stack',
  outputs: 'Read the stack outputs',
  warehouse: 'Bootstrap the warehouse',
  airbyte: 'Register Airbyte sources, destination and connections',
  transformation: 'Set up the dbt transformation',
  grouparoo: 'Configure Grouparoo',
  first_run: 'Start the first run',
  remove_grouparoo: 'Remove the Grouparoo objects',
  remove_airbyte: 'Remove the Airbyte objects',
  remove_transformation: 'Remove the dbt job',
  remove_warehouse: 'Remove the warehouse objects',
  delete_stack: 'Delete the stack',
} as const;

export type StepName = keyof typeof STEP_LABEL;

/** Steps that run while the deployment is PLANNING; the others wait for confirmation. */
export const PLANNING_STEPS: readonly StepName[] = ['template', 'change_set'];

const APPLY: readonly StepName[] = ['template', 'change_set', 'stack', 'outputs', 'warehouse', 'airbyte', 'transformation', 'grouparoo'];

export const STEPS_OF: Record<DeploymentKind, readonly StepName[]> = {
  CREATE: [...APPLY, 'first_run'],
  UPDATE: APPLY,
  RESIZE: ['template', 'change_set', 'stack', 'outputs'],
  TEARDOWN: ['remove_grouparoo', 'remove_airbyte', 'remove_transformation', 'remove_warehouse', 'delete_stack'],
};

export const KIND_LABEL: Record<DeploymentKind, string> = {
  CREATE: 'Deploy',
  UPDATE: 'Redeploy',
  RESIZE: 'Resize Airbyte',
  TEARDOWN: 'Tear down',
};
