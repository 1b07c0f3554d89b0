// The PostgreSQL bootstrap as data: each step's statements, the catalog check that says whether
// its effect is already in place (PostgreSQL has no IF NOT EXISTS for roles or grants), and what
// the administrator needs for it. The executor and the review page read the same list.
//
// The service password cannot be bound in DDL. It is bound to a transaction-local setting and a
// DO block reads it there and builds the statement server-side with format('%L'), so it is never
// part of any statement text the client sends (statement logs show the DO block, not the value);
// the value bound is the SCRAM verifier where that is exact (see scram.ts).
import pg from 'pg';
import { pgIdent } from './identifiers';
import { ownershipMarker, planSchemas } from './plan';
import { SERVICE_PASSWORD_BIND, type ObjectType, type ReviewStatement, type WarehousePlan } from './types';

export interface Sql {
  sql: string;
  /** What each `$n` is, for the review page; the executor supplies the values. */
  binds: string[];
}

export interface PostgresStep {
  kind: 'role' | 'user' | 'schema' | 'grant';
  object: { type: ObjectType; name: string };
  /** A `SELECT EXISTS (…)`-like query: true when this step's effect is already there. */
  check: { sql: string; params: unknown[] };
  /** Run (in one transaction) when the check is false. */
  create: Sql[];
  /** Run when the check is true: grants again (harmless), the password and login again for the user. */
  again: Sql[];
  /** What the administrator lacks when PostgreSQL refuses this step. */
  need: string;
}

const ROLE_EXISTS = 'SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)';
const MEMBER_OF = `SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
  WHERE r.rolname = $1 AND u.rolname = $2)`;
const SCHEMA_EXISTS = 'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)';
const DATABASE_GRANTED = `SELECT count(DISTINCT a.privilege_type) = cardinality($2::text[]) FROM pg_database d, aclexplode(d.datacl) a
  WHERE d.datname = current_database() AND a.grantee = to_regrole(quote_ident($1)) AND a.privilege_type = ANY($2::text[])`;
const SCHEMA_GRANTED = `SELECT count(DISTINCT a.privilege_type) = cardinality($2::text[]) FROM pg_namespace n, aclexplode(n.nspacl) a
  WHERE n.nspname = $3 AND a.grantee = to_regrole(quote_ident($1)) AND a.privilege_type = ANY($2::text[])`;
const DEFAULT_SELECT = `SELECT EXISTS (SELECT 1 FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
  WHERE d.defaclrole = to_regrole(quote_ident(current_user)) AND d.defaclobjtype = 'r' AND n.nspname = $2
    AND a.grantee = to_regrole(quote_ident($1)) AND a.privilege_type = 'SELECT')`;

/** Hands the DO block its values: transaction-local settings, gone at COMMIT or ROLLBACK. */
const SET_SERVICE_VALUES = `SELECT set_config('tapestry.service_user', $1, true), set_config('tapestry.service_password', $2, true)`;
const CREATE_SERVICE_USER = `DO $tapestry$ BEGIN
  EXECUTE format('CREATE ROLE %I LOGIN INHERIT PASSWORD %L', current_setting('tapestry.service_user'), current_setting('tapestry.service_password'));
END $tapestry$`;
const ALTER_SERVICE_USER = `DO $tapestry$ BEGIN
  EXECUTE format('ALTER ROLE %I WITH LOGIN INHERIT PASSWORD %L', current_setting('tapestry.service_user'), current_setting('tapestry.service_password'));
END $tapestry$`;

function grantStep(name: string, sql: string, check: PostgresStep['check'], need: string): PostgresStep {
  const statement = { sql, binds: [] };
  return { kind: 'grant', object: { type: 'grant', name }, check, create: [statement], again: [statement], need };
}

export function postgresSteps(plan: WarehousePlan): PostgresStep[] {
  const role = pgIdent(plan.role);
  const user = pgIdent(plan.user);
  const database = pgIdent(plan.database);
  const setValues = { sql: SET_SERVICE_VALUES, binds: [plan.user, SERVICE_PASSWORD_BIND] };
  const steps: PostgresStep[] = [
    {
      kind: 'role',
      object: { type: 'role', name: plan.role },
      check: { sql: ROLE_EXISTS, params: [plan.role] },
      create: [{ sql: `CREATE ROLE ${role} NOLOGIN`, binds: [] }],
      again: [],
      need: 'the CREATEROLE attribute',
    },
    {
      kind: 'user',
      object: { type: 'user', name: plan.user },
      check: { sql: ROLE_EXISTS, params: [plan.user] },
      create: [setValues, { sql: CREATE_SERVICE_USER, binds: [] }],
      again: [setValues, { sql: ALTER_SERVICE_USER, binds: [] }],
      need: `the CREATEROLE attribute (and ADMIN OPTION on ${plan.user} if it exists already)`,
    },
    grantStep(`${plan.role} TO ${plan.user}`, `GRANT ${role} TO ${user}`, { sql: MEMBER_OF, params: [plan.role, plan.user] }, `ADMIN OPTION on role ${plan.role}`),
  ];
  for (const schema of planSchemas(plan)) {
    steps.push({
      kind: 'schema',
      object: { type: 'schema', name: `${plan.database}.${schema}` },
      check: { sql: SCHEMA_EXISTS, params: [schema] },
      create: [
        { sql: `CREATE SCHEMA ${pgIdent(schema)}`, binds: [] },
        { sql: `COMMENT ON SCHEMA ${pgIdent(schema)} IS ${pg.escapeLiteral(ownershipMarker(plan))}`, binds: [] },
      ],
      again: [],
      need: `CREATE on database ${plan.database}`,
    });
  }
  const onDatabase = ['CONNECT', 'CREATE', 'TEMPORARY'];
  steps.push(
    grantStep(
      `${onDatabase.join(', ')} ON DATABASE ${plan.database} TO ${plan.role}`,
      `GRANT ${onDatabase.join(', ')} ON DATABASE ${database} TO ${role}`,
      { sql: DATABASE_GRANTED, params: [plan.role, onDatabase] },
      `ownership of database ${plan.database} (or its privileges WITH GRANT OPTION)`,
    ),
  );
  for (const schema of planSchemas(plan)) {
    steps.push(
      grantStep(
        `USAGE, CREATE ON SCHEMA ${schema} TO ${plan.role}`,
        `GRANT USAGE, CREATE ON SCHEMA ${pgIdent(schema)} TO ${role}`,
        { sql: SCHEMA_GRANTED, params: [plan.role, ['USAGE', 'CREATE'], schema] },
        `ownership of schema ${schema} (or USAGE, CREATE on it WITH GRANT OPTION)`,
      ),
    );
  }
  for (const schema of planSchemas(plan)) {
    // Tables the administrator (or a migration run as it) creates later are readable by the service.
    steps.push(
      grantStep(
        `DEFAULT PRIVILEGES SELECT ON TABLES IN SCHEMA ${schema} TO ${plan.role}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${pgIdent(schema)} GRANT SELECT ON TABLES TO ${role}`,
        { sql: DEFAULT_SELECT, params: [plan.role, schema] },
        `permission to set default privileges in schema ${schema}`,
      ),
    );
  }
  return steps;
}

/** The statements as the review page shows them (both forms of the user step). */
export function postgresReview(plan: WarehousePlan): ReviewStatement[] {
  const out: ReviewStatement[] = [];
  for (const step of postgresSteps(plan)) {
    const inTransaction = step.create.length > 1;
    if (inTransaction) out.push({ sql: 'BEGIN', binds: [] });
    out.push(...step.create.map(({ sql, binds }) => ({ sql, binds: [...binds] })));
    if (inTransaction) out.push({ sql: 'COMMIT', binds: [] });
    if (step.kind === 'user') {
      const note = 'Only when the user already exists: sets its password and login again.';
      out.push({ sql: 'BEGIN', binds: [], note }, ...step.again.map(({ sql, binds }) => ({ sql, binds: [...binds], note })), { sql: 'COMMIT', binds: [], note });
    }
  }
  return out;
}
