// The shape of a CloudFormation resource provider schema as kept in this folder (see index.ts):
// a JSON Schema for the resource's properties plus the resource-level lists CloudFormation uses
// to plan updates. JSON pointers look like `/properties/ImageId` or `/properties/Tags/*/Key`.
export interface ResourceProviderSchema {
  typeName: string;
  properties: Record<string, unknown>;
  definitions?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
  /** Changing one of these replaces the resource (a new physical resource is created). */
  createOnlyProperties?: string[];
  /** Changing one of these may replace the resource, depending on the old and new values. */
  conditionalCreateOnlyProperties?: string[];
  /** Set by the service; readable with Fn::GetAtt, never written in a template. */
  readOnlyProperties?: string[];
  writeOnlyProperties?: string[];
  primaryIdentifier?: string[];
  [keyword: string]: unknown;
}
