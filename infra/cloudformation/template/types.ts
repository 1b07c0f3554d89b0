// The builder's input and output, and the shapes its parts pass around.
import type { Infrastructure } from '@/lib/pipeline/infrastructure';

export interface StackInput {
  orgSlug: string;
  pipelineSlug: string;
  /** Pipeline uuid; its first 8 hex chars disambiguate names. */
  pipelineId: string;
  /** e.g. us-east-1 */
  region: string;
  infrastructure: Infrastructure;
  warehouseType: 'snowflake' | 'postgres';
  transformation: 'dbt_cloud' | 'dbt_core_ecs';
}

export interface StackSecrets {
  /** Declare the NoEcho `WarehousePassword` parameter (dbt Core reads it from Secrets Manager). */
  warehousePasswordParameter: boolean;
}

export interface StackParameter {
  key: string;
  /** The value from the input; '****' for NoEcho parameters (the deployer supplies those by key). */
  value: string;
  noEcho: boolean;
  description: string;
}

export interface ResourceSummary {
  logicalId: string;
  type: string;
  purpose: string;
}

export interface BuiltStack {
  stackName: string;
  template: Record<string, unknown>;
  /** JSON.stringify(template, null, 2): the same input always gives the same text (for review and diffs). */
  body: string;
  /**
   * JSON.stringify(template): what to send as TemplateBody. CloudFormation refuses a TemplateBody
   * over TEMPLATE_BODY_LIMIT bytes, and the indented body is over it; this one stays under.
   */
  deployBody: string;
  parameters: StackParameter[];
  /** Logical ids of the template's resources, by purpose, for the UI. */
  summary: ResourceSummary[];
}

/** A JSON value inside a template (intrinsic functions are plain objects too). */
export type TemplateValue = string | number | boolean | TemplateValue[] | { [key: string]: TemplateValue };

/** A resource as the parts build it: the template's fields plus a purpose for the summary. */
export interface ResourceSpec {
  Type: string;
  Properties: { [key: string]: TemplateValue };
  DependsOn?: string[];
  DeletionPolicy?: 'Delete' | 'Retain' | 'Snapshot';
  UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
  CreationPolicy?: { [key: string]: TemplateValue };
  purpose: string;
}

export type Resources = Record<string, ResourceSpec>;

/** Where the stack's workloads run: the private subnets of the new or the existing VPC. */
export interface NetworkRefs {
  vpcId: TemplateValue;
  /** The two private subnets, as a list value (for SubnetIds properties). */
  privateSubnets: TemplateValue;
  /** The first private subnet (the Airbyte host's). */
  firstPrivateSubnet: TemplateValue;
}

/** What every part of the builder knows about the stack being built. */
export interface BuildContext {
  input: StackInput;
  stackName: string;
  network: NetworkRefs;
  /** dbt Core runs as an ECS task in this stack (transformation 'dbt_core_ecs'). */
  dbtCore: boolean;
  warehousePasswordParameter: boolean;
}
