// The shapes the warehouse bootstrap and teardown share with their callers: the plan (what one
// pipeline's warehouse objects are called), the administrator's connection, and the report of
// what each run did to each object.
import type { PostgresSslMode } from '../postgres/test-warehouse';

export interface WarehousePlan {
  kind: 'snowflake' | 'postgres';
  /** Snowflake: created when missing. PostgreSQL: must exist (never created or dropped). */
  database: string;
  /** Where Airbyte lands (the destination's `schema`, e.g. RAW / raw). */
  rawSchema: string;
  /** Where dbt builds (ANALYTICS / analytics). */
  analyticsSchema: string;
  /** Holds the privileges: TAPESTRY_<PIPELINE>_ROLE / tapestry_<pipeline>. */
  role: string;
  /** Signs in with the generated password: TAPESTRY_<PIPELINE>_SVC / tapestry_<pipeline>_svc. */
  user: string;
  /** Snowflake compute warehouse (XSMALL, AUTO_SUSPEND=60, AUTO_RESUME, INITIALLY_SUSPENDED). */
  warehouse?: string;
}

export type ObjectType = 'warehouse' | 'database' | 'schema' | 'role' | 'user' | 'grant';

export type ObjectOutcome =
  /** This run made it. */
  | 'created'
  /** It was there already and was left as it was (teardown: kept, because it is not Tapestry's to drop or still in use). */
  | 'existed'
  /** It was there and this run set it again (the service user's password and defaults). */
  | 'updated'
  /** This run removed it. */
  | 'dropped'
  /** Teardown found nothing to remove. */
  | 'absent';

export interface ObjectReport {
  type: ObjectType;
  name: string;
  outcome: ObjectOutcome;
}

/** A Snowflake user holding SYSADMIN and SECURITYADMIN (or ACCOUNTADMIN). */
export interface SnowflakeAdminConfig {
  kind: 'snowflake';
  account: string;
  /** Where to reach the account (the sandbox's `http://127.0.0.1:PORT`); absent = Snowflake's URL. */
  accessUrl?: string;
  username: string;
  password: string;
  /** The role to sign in with; absent = the user's default role. */
  role?: string;
  warehouse?: string;
}

/** A PostgreSQL role with CREATEROLE that owns (or may grant on) the plan's database. */
export interface PostgresAdminConfig {
  kind: 'postgres';
  host: string;
  port?: number;
  username: string;
  password: string;
  /** As libpq's sslmode; default `prefer`. */
  sslMode?: PostgresSslMode;
  caCertificate?: string;
}

/** The administrator's credentials from the wizard; the database comes from the plan. */
export type AdminConnectionConfig = SnowflakeAdminConfig | PostgresAdminConfig;

/** One statement as the review page shows it: binds are named placeholders, never values. */
export interface ReviewStatement {
  sql: string;
  binds: string[];
  /** When the statement only runs under a condition (e.g. the user already exists). */
  note?: string;
}

/** How the review page names the one secret a bootstrap binds. */
export const SERVICE_PASSWORD_BIND = 'service password';
