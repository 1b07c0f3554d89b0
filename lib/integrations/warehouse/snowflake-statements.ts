// The Snowflake bootstrap as data: every statement, which system role runs it, what it reports
// on, and what the administrator needs for it. The executor and the review page read the same
// list, so what the page shows is what runs. Objects are created as SYSADMIN (so SYSADMIN owns
// them, as Snowflake recommends); the role, the user and every grant as SECURITYADMIN (CREATE
// ROLE/USER through USERADMIN, MANAGE GRANTS for grants on SYSADMIN's objects and future grants).
import { IntegrationError } from '../errors';
import { sf, sfSchema } from './identifiers';
import { ownershipMarker, planSchemas } from './plan';
import { SERVICE_PASSWORD_BIND, type ObjectType, type ReviewStatement, type WarehousePlan } from './types';

export type SnowflakeActor = 'SYSADMIN' | 'SECURITYADMIN';

export interface SnowflakeStep {
  actor: SnowflakeActor;
  sql: string;
  /** Only ever the service password. */
  binds: (typeof SERVICE_PASSWORD_BIND)[];
  object: { type: ObjectType; name: string };
  /** What the administrator lacks when Snowflake refuses this statement. */
  need: string;
  /** Runs only when CREATE USER found the user there already (a retry, or a new password). */
  whenUserExisted?: true;
  /** For a grant: the entries SHOW GRANTS lists once it is in place (see `grantKeysOf`). */
  grantKeys?: string[];
}

/** A text literal; only our own marker text goes here, and it is escaped all the same. */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Key of a privilege grant as SHOW GRANTS TO ROLE lists it. */
export function privilegeKey(privilege: string, on: string, name: string): string {
  return `${privilege}|${on}|${name}`;
}

/** Key of a future grant as SHOW FUTURE GRANTS TO ROLE lists it (`DB.SCHEMA.<TABLE>`). */
export function futureKey(privilege: string, on: string, name: string): string {
  return `FUTURE|${privilege}|${on}|${name}`;
}

/** Key of the role being granted to a role or user, as SHOW GRANTS OF ROLE lists it. */
export function memberKey(grantedTo: string, grantee: string): string {
  return `MEMBER|${grantedTo}|${grantee}`;
}

function grant(plan: WarehousePlan, privileges: string[], on: 'WAREHOUSE' | 'DATABASE' | 'SCHEMA', name: string, quoted: string): SnowflakeStep {
  const label = `${privileges.join(', ')} ON ${on} ${name} TO ROLE ${plan.role}`;
  return {
    actor: 'SECURITYADMIN',
    sql: `GRANT ${privileges.join(', ')} ON ${on} ${quoted} TO ROLE ${sf(plan.role)}`,
    binds: [],
    object: { type: 'grant', name: label },
    need: `MANAGE GRANTS (SECURITYADMIN) to grant ${privileges.join(', ')} on ${on.toLowerCase()} ${name}`,
    grantKeys: privileges.map((p) => privilegeKey(p, on, name)),
  };
}

function objectSteps(plan: WarehousePlan, warehouse: string): SnowflakeStep[] {
  const marker = literal(ownershipMarker(plan));
  const steps: SnowflakeStep[] = [
    {
      actor: 'SYSADMIN',
      sql: `CREATE WAREHOUSE IF NOT EXISTS ${sf(warehouse)} WITH WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE COMMENT = ${marker}`,
      binds: [],
      object: { type: 'warehouse', name: warehouse },
      need: 'CREATE WAREHOUSE on the account (SYSADMIN has it)',
    },
    {
      actor: 'SYSADMIN',
      sql: `CREATE DATABASE IF NOT EXISTS ${sf(plan.database)} COMMENT = ${marker}`,
      binds: [],
      object: { type: 'database', name: plan.database },
      need: 'CREATE DATABASE on the account (SYSADMIN has it)',
    },
  ];
  for (const schema of planSchemas(plan)) {
    steps.push({
      actor: 'SYSADMIN',
      sql: `CREATE SCHEMA IF NOT EXISTS ${sfSchema(plan.database, schema)} COMMENT = ${marker}`,
      binds: [],
      object: { type: 'schema', name: `${plan.database}.${schema}` },
      need: `CREATE SCHEMA on database ${plan.database} (its owner, SYSADMIN for a database Tapestry made)`,
    });
  }
  return steps;
}

function principalSteps(plan: WarehousePlan, warehouse: string): SnowflakeStep[] {
  const role = sf(plan.role);
  const user = sf(plan.user);
  const defaults = `DEFAULT_ROLE = ${role} DEFAULT_WAREHOUSE = ${sf(warehouse)} MUST_CHANGE_PASSWORD = FALSE`;
  const toRole = (grantedTo: 'ROLE' | 'USER', grantee: string): SnowflakeStep => ({
    actor: 'SECURITYADMIN',
    sql: `GRANT ROLE ${role} TO ${grantedTo} ${sf(grantee)}`,
    binds: [],
    object: { type: 'grant', name: `ROLE ${plan.role} TO ${grantedTo} ${grantee}` },
    need: `ownership of role ${plan.role} or MANAGE GRANTS (SECURITYADMIN)`,
    grantKeys: [memberKey(grantedTo, grantee)],
  });
  return [
    {
      actor: 'SECURITYADMIN',
      sql: `CREATE ROLE IF NOT EXISTS ${role} COMMENT = ${literal(ownershipMarker(plan))}`,
      binds: [],
      object: { type: 'role', name: plan.role },
      need: 'CREATE ROLE on the account (USERADMIN, and so SECURITYADMIN, has it)',
    },
    // So administrators (SYSADMIN and above) see and manage what the service creates.
    toRole('ROLE', 'SYSADMIN'),
    {
      actor: 'SECURITYADMIN',
      // LEGACY_SERVICE: a non-human user that signs in with a password, exempt from MFA prompts.
      sql: `CREATE USER IF NOT EXISTS ${user} PASSWORD = ? ${defaults} TYPE = LEGACY_SERVICE COMMENT = ${literal(ownershipMarker(plan))}`,
      binds: [SERVICE_PASSWORD_BIND],
      object: { type: 'user', name: plan.user },
      need: 'CREATE USER on the account (USERADMIN, and so SECURITYADMIN, has it)',
    },
    {
      actor: 'SECURITYADMIN',
      sql: `ALTER USER ${user} SET PASSWORD = ? ${defaults}`,
      binds: [SERVICE_PASSWORD_BIND],
      object: { type: 'user', name: plan.user },
      need: `ownership of user ${plan.user} (the role that created it, SECURITYADMIN)`,
      whenUserExisted: true,
    },
    toRole('USER', plan.user),
  ];
}

function privilegeSteps(plan: WarehousePlan, warehouse: string): SnowflakeStep[] {
  const steps = [grant(plan, ['USAGE'], 'WAREHOUSE', warehouse, sf(warehouse)), grant(plan, ['USAGE', 'CREATE SCHEMA'], 'DATABASE', plan.database, sf(plan.database))];
  for (const schema of planSchemas(plan)) {
    steps.push(grant(plan, ['USAGE', 'CREATE TABLE', 'CREATE VIEW'], 'SCHEMA', `${plan.database}.${schema}`, sfSchema(plan.database, schema)));
  }
  for (const schema of planSchemas(plan)) {
    const container = `${plan.database}.${schema}`;
    steps.push({
      actor: 'SECURITYADMIN',
      sql: `GRANT SELECT ON FUTURE TABLES IN SCHEMA ${sfSchema(plan.database, schema)} TO ROLE ${sf(plan.role)}`,
      binds: [],
      object: { type: 'grant', name: `SELECT ON FUTURE TABLES IN SCHEMA ${container} TO ROLE ${plan.role}` },
      need: `MANAGE GRANTS (SECURITYADMIN) to grant on future tables in ${container}`,
      grantKeys: [futureKey('SELECT', 'TABLE', `${container}.<TABLE>`)],
    });
  }
  return steps;
}

/**
 * The whole bootstrap in order. Besides what the brief of each object says, the role gets CREATE
 * SCHEMA on the database: Airbyte's destinations create their own internal schema
 * (`airbyte_internal`) and run CREATE SCHEMA IF NOT EXISTS for the target schema on every sync.
 */
export function snowflakeSteps(plan: WarehousePlan): SnowflakeStep[] {
  const warehouse = plan.warehouse;
  if (!warehouse) {
    throw new IntegrationError({ provider: 'snowflake', failureClass: 'config', field: 'warehouse', cause: 'The warehouse name is missing.', hint: 'Fill in the warehouse on the warehouse step.' });
  }
  return [...objectSteps(plan, warehouse), ...principalSteps(plan, warehouse), ...privilegeSteps(plan, warehouse)];
}

/** The statements as the review page shows them, with the role switches that run between them. */
export function snowflakeReview(plan: WarehousePlan): ReviewStatement[] {
  const out: ReviewStatement[] = [];
  let actor: SnowflakeActor | undefined;
  for (const step of snowflakeSteps(plan)) {
    if (step.actor !== actor) out.push({ sql: `USE ROLE ${sf(step.actor)}`, binds: [] });
    actor = step.actor;
    out.push({ sql: step.sql, binds: [...step.binds], ...(step.whenUserExisted ? { note: 'Only when the user already exists.' } : {}) });
  }
  return out;
}
