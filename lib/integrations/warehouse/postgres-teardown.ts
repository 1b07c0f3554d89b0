// Removes one pipeline's PostgreSQL principal and, when asked, its data. The administrator first
// takes membership of the service roles (PostgreSQL 16+ gives a role's creator only ADMIN OPTION,
// and REASSIGN/DROP OWNED need the role's privileges). Without dropData, what the service created
// is handed to the administrator (REASSIGN OWNED) and only its privileges are dropped; with
// dropData, what it owns is dropped (DROP OWNED), and then the plan's schemas too, but only those
// Tapestry created for this pipeline (the COMMENT the bootstrap wrote) that no other role uses.
// The database is never dropped: Tapestry does not create it.
import type { CallOptions } from '../call-limits';
import { pgIdent } from './identifiers';
import { ownershipMarker, planSchemas } from './plan';
import { PostgresAdminSession } from './postgres-admin';
import { reportOf, type ReportBook } from './report-book';
import type { ObjectReport, PostgresAdminConfig, WarehousePlan } from './types';

const OWNED_SCHEMAS = `SELECT nspname FROM pg_namespace WHERE nspowner IN (SELECT oid FROM pg_roles WHERE rolname = ANY($1::text[])) ORDER BY nspname`;
/** The schema, whether Tapestry marked it as this pipeline's, and whether another role uses it (a grant, or a table it owns). */
const SCHEMA_STATE = `SELECT obj_description(n.oid, 'pg_namespace') = $2 AS ours,
  EXISTS (SELECT 1 FROM aclexplode(n.nspacl) a WHERE a.grantee <> n.nspowner)
  OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relowner <> n.nspowner) AS in_use
  FROM pg_namespace n WHERE n.nspname = $1`;

async function releaseServiceRoles(session: PostgresAdminSession, present: string[], dropData: boolean, plan: WarehousePlan, book: ReportBook): Promise<void> {
  const names = present.map(pgIdent).join(', ');
  await session.rows(`GRANT ${names} TO CURRENT_USER`, [], `ADMIN OPTION on ${present.join(', ')} (the role that created them has it)`);
  const owned = await session.rows<{ nspname: string }>(OWNED_SCHEMAS, [present], 'read access to pg_namespace');
  const need = `the privileges of ${present.join(', ')} (membership, just granted)`;
  if (!dropData) await session.rows(`REASSIGN OWNED BY ${names} TO CURRENT_USER`, [], need);
  // After REASSIGN this drops only privileges and default privileges; with dropData, their objects too.
  await session.rows(`DROP OWNED BY ${names}`, [], need);
  for (const { nspname } of owned) book.record('schema', `${plan.database}.${nspname}`, dropData ? 'dropped' : 'existed');
}

async function dropPlanSchemas(session: PostgresAdminSession, plan: WarehousePlan, dropData: boolean, book: ReportBook): Promise<void> {
  for (const schema of planSchemas(plan)) {
    const name = `${plan.database}.${schema}`;
    const [state] = await session.rows<{ ours: boolean | null; in_use: boolean }>(SCHEMA_STATE, [schema, ownershipMarker(plan)], 'read access to pg_namespace');
    if (!state) book.record('schema', name, 'absent');
    else if (!dropData || !state.ours || state.in_use) book.record('schema', name, 'existed');
    else {
      await session.rows(`DROP SCHEMA IF EXISTS ${pgIdent(schema)} CASCADE`, [], `ownership of schema ${schema}`);
      book.record('schema', name, 'dropped');
    }
  }
}

async function teardown(session: PostgresAdminSession, plan: WarehousePlan, dropData: boolean, book: ReportBook): Promise<void> {
  const principals = [plan.user, plan.role];
  const rows = await session.rows<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])', [principals], 'read access to pg_roles');
  const present = principals.filter((name) => rows.some((row) => row.rolname === name));
  if (present.length > 0) await releaseServiceRoles(session, present, dropData, plan, book);
  for (const name of principals) {
    if (present.includes(name)) await session.rows(`DROP ROLE ${pgIdent(name)}`, [], `the CREATEROLE attribute and ADMIN OPTION on ${name}`);
    book.record(name === plan.user ? 'user' : 'role', name, present.includes(name) ? 'dropped' : 'absent');
  }
  await dropPlanSchemas(session, plan, dropData, book);
}

export function teardownPostgres(admin: PostgresAdminConfig, plan: WarehousePlan, dropData: boolean, options: CallOptions): Promise<ObjectReport[]> {
  const open = () => PostgresAdminSession.open(admin, plan.database, options, 'teardown', [admin.password]);
  return reportOf('postgres', options.signal, open, (session, book) => teardown(session, plan, dropData, book));
}
