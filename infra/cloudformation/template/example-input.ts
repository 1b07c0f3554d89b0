// A representative pipeline, for the template's tests and for showing what a stack looks like
// before any pipeline exists (docs, previews): default infrastructure, a new VPC, Snowflake and
// dbt Core, so every optional part of the template is present.
import { DEFAULT_INFRASTRUCTURE, type Infrastructure } from '@/lib/pipeline/infrastructure';
import type { StackInput } from './types';

export const EXAMPLE_STACK_INPUT: StackInput = {
  orgSlug: 'acme',
  pipelineSlug: 'rain-shield',
  pipelineId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
  region: 'us-east-1',
  infrastructure: DEFAULT_INFRASTRUCTURE,
  warehouseType: 'snowflake',
  transformation: 'dbt_core_ecs',
};

/** The team's own VPC, as the wizard records it (two private subnets in different zones). */
export const EXAMPLE_EXISTING_NETWORK: Infrastructure['network'] = {
  kind: 'existing',
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
};
