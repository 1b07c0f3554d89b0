// The dbt stage: a dbt Cloud job, or dbt Core run as an ECS task over either Tapestry's ready
// "unified users" model set or the user's own dbt project in git.
import { z } from 'zod';
import { SecretRefSchema } from './secret-ref';

/** dbt node selection (`--select`): every model when absent. */
const Select = z.array(z.string().min(1)).min(1).optional();

export const DbtCloudSchema = z.strictObject({
  kind: z.literal('dbt_cloud'),
  accountId: z.string().regex(/^\d+$/, 'A dbt Cloud account ID is a number'),
  jobName: z.string().min(1).max(255),
  apiToken: SecretRefSchema,
  select: Select,
});

export const GitModelsSchema = z.strictObject({
  repository: z.string().regex(/^(https:\/\/|git@)\S+$/, 'A git URL (https://… or git@…)'),
  branch: z.string().min(1),
  /** The dbt project's folder in the repository. */
  path: z.string().min(1),
});

/** The ready model set Tapestry ships (lib/pipeline/presets/unified-users). */
export const UNIFIED_USERS_MODELS = 'unified_users';

export const DbtCoreEcsSchema = z.strictObject({
  kind: z.literal('dbt_core_ecs'),
  models: z.union([z.literal(UNIFIED_USERS_MODELS), GitModelsSchema], { error: `Either "${UNIFIED_USERS_MODELS}" or { repository, branch, path }` }),
  select: Select,
});

export const TransformationSchema = z.discriminatedUnion('kind', [DbtCloudSchema, DbtCoreEcsSchema], {
  error: 'Choose one of: dbt_cloud, dbt_core_ecs',
});

export type Transformation = z.infer<typeof TransformationSchema>;
