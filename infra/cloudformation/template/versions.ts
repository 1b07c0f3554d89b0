// What a pipeline stack installs, pinned by Tapestry: a change here changes the template (and so
// shows in the change set of the next deploy) instead of drifting whenever upstream publishes.

/** abctl, Airbyte's supported installer for a single host (kind + Helm), from its GitHub releases. */
export const ABCTL_VERSION = 'v0.30.4';

/**
 * SHA-256 of `abctl-<version>-linux-amd64.tar.gz`, when someone with internet access has copied
 * it from the release's checksum file. Until then (null) the host checks the archive against
 * the checksum file published with the same release: that catches a corrupt or truncated
 * download, but not a release that was tampered with at the source.
 */
export const ABCTL_LINUX_AMD64_SHA256: string | null = null;

/**
 * The Airbyte Helm chart abctl installs (chart 1.x = Airbyte 1.x; abctl 0.30 also knows the v2
 * charts, whose values differ). Without `--chart-version` abctl takes whatever is newest.
 */
export const AIRBYTE_CHART_VERSION = '1.8.5';

/** The port abctl's ingress listens on: Airbyte's UI and public API. */
export const AIRBYTE_PORT = 8000;

/**
 * Grouparoo 0.9.0 with the Postgres plugin, as infra/local/grouparoo/manifest pins it for the
 * sandbox. Grouparoo never published an image for this combination (its docs ask each project to
 * build its own), so this names the image Tapestry's release builds from that manifest.
 */
export const GROUPAROO_IMAGE = 'ghcr.io/tapestry-pipeline/grouparoo:0.9.0';

/** Grouparoo's web server port inside its container. */
export const GROUPAROO_PORT = 3000;

/** dbt Core images from dbt Labs, one per warehouse adapter (their entrypoint is `dbt`). */
export const DBT_IMAGES = {
  snowflake: 'ghcr.io/dbt-labs/dbt-snowflake:1.9.0',
  postgres: 'ghcr.io/dbt-labs/dbt-postgres:1.9.0',
} as const;

/** Fargate size of a dbt Core run; dbt itself is light, the warehouse does the work. */
export const DBT_TASK_SIZE = { cpu: '1024', memory: '2048' } as const;

/** Grouparoo's own stores: small, since they hold Grouparoo's state, not the users' data. */
export const GROUPAROO_DATABASE = {
  engineVersion: '16',
  instanceClass: 'db.t4g.small',
  allocatedGiB: '20',
  name: 'grouparoo',
  username: 'grouparoo',
  backupRetentionDays: 7,
} as const;
export const GROUPAROO_REDIS = { engineVersion: '7.1', nodeType: 'cache.t4g.micro' } as const;

/** Task workers per Grouparoo worker container (Grouparoo's WORKERS). */
export const GROUPAROO_WORKERS_PER_TASK = 5;

/** How long CloudWatch keeps each log group of the stack. */
export const LOG_RETENTION_DAYS = 30;

/** Staged files (Airbyte's staging prefix) are deleted after this many days. */
export const STAGING_EXPIRY_DAYS = 7;

/** Amazon Linux 2023, the latest x86_64 AMI, through AWS's public SSM parameter. */
export const AMAZON_LINUX_AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
