// Which container images the sandbox runs as dbt Core, and what that image holds. A pipeline stack's
// dbt task definition names DBT_IMAGES[warehouse type]; the sandbox's warehouse is PostgreSQL, so
// only the dbt-postgres image is run for real (the Snowflake image's profile would point at
// Snowflake, not at the sandbox's PostgreSQL). Any tag or digest of that repository counts, so a
// version bump in versions.ts does not silently turn the sandbox's dbt runs back into simulations.
import { DBT_IMAGES } from '@/infra/cloudformation/template/versions';
import { UNIFIED_USERS_MODEL_FILES, type DbtModelFile } from '@/lib/pipeline/presets/unified-users';

/** `registry/owner/name` of an image reference, without its `:tag` or `@digest`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/** The repository of the dbt Core image the sandbox runs (ghcr.io/dbt-labs/dbt-postgres). */
export const DBT_CORE_REPOSITORY = imageRepository(DBT_IMAGES.postgres);

export function isDbtCoreImage(image: string): boolean {
  return imageRepository(image.trim()) === DBT_CORE_REPOSITORY;
}

/** The dbt project the image ships: Tapestry's unified users models (dbt_project.yml `name:`). */
export const SHIPPED_PROJECT: { name: string; models: readonly DbtModelFile[] } = {
  name: 'unified_users',
  models: UNIFIED_USERS_MODEL_FILES,
};
