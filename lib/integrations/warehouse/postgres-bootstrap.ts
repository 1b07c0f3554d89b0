// Runs the PostgreSQL bootstrap (see postgres-statements.ts): check each step's effect in the
// catalog, create what is missing, re-apply grants and the user's password, and report which.
// Another bootstrap racing this one may create a role or schema between check and create; the
// duplicate error then just sends the step round again, where the check sees it.
import type { CallOptions } from '../call-limits';
import { isIntegrationError } from '../errors';
import { permissionError } from './errors';
import { PostgresAdminSession } from './postgres-admin';
import { postgresSteps, type PostgresStep, type Sql } from './postgres-statements';
import { reportOf, type ReportBook } from './report-book';
import { passwordForServer } from './scram';
import { SERVICE_PASSWORD_BIND, type ObjectReport, type PostgresAdminConfig, type WarehousePlan } from './types';

/** duplicate_object (a role), duplicate_schema. */
const LOST_RACE = new Set(['42710', '42P06']);

async function execute(session: PostgresAdminSession, statements: Sql[], values: (binds: string[]) => unknown[], need: string): Promise<void> {
  const run = async () => {
    for (const { sql, binds } of statements) await session.rows(sql, values(binds), need);
  };
  if (statements.length > 1) await session.transaction(run, need);
  else await run();
}

async function runStep(session: PostgresAdminSession, step: PostgresStep, values: (binds: string[]) => unknown[], secrets: readonly string[], book: ReportBook): Promise<void> {
  const present = await session.holds(step.check.sql, step.check.params, step.need);
  try {
    await execute(session, present ? step.again : step.create, values, step.need);
  } catch (error) {
    if (present || !isIntegrationError(error) || !LOST_RACE.has(error.code ?? '')) throw error;
    return runStep(session, step, values, secrets, book);
  }
  // A GRANT from someone who may not grant only warns ("no privileges were granted").
  if (!present && step.kind === 'grant' && !(await session.holds(step.check.sql, step.check.params, step.need))) {
    throw permissionError('postgres', step.need, 'bootstrap', '42501', secrets);
  }
  book.record(step.object.type, step.object.name, !present ? 'created' : step.kind === 'user' ? 'updated' : 'existed');
}

async function bootstrap(session: PostgresAdminSession, plan: WarehousePlan, password: string, secrets: readonly string[], book: ReportBook): Promise<void> {
  // Review binds name what goes there; the password placeholder is the only one that is not its own value.
  const serverPassword = passwordForServer(password);
  const values = (binds: string[]) => binds.map((bind) => (bind === SERVICE_PASSWORD_BIND ? serverPassword : bind));
  for (const step of postgresSteps(plan)) await runStep(session, step, values, secrets, book);
}

export function bootstrapPostgres(admin: PostgresAdminConfig, plan: WarehousePlan, servicePassword: string, options: CallOptions): Promise<ObjectReport[]> {
  const secrets = [admin.password, servicePassword];
  const open = () => PostgresAdminSession.open(admin, plan.database, options, 'bootstrap', secrets);
  return reportOf('postgres', options.signal, open, (session, book) => bootstrap(session, plan, servicePassword, secrets, book));
}
