// The entry points deploy and teardown call: one administrator sign-in creates (or removes) a
// least-privilege service principal for one pipeline, on Snowflake or PostgreSQL. Both are safe to
// run again: a retry after a crash or a transient failure reports what exists as 'existed' (or
// 'absent') and changes nothing twice.
import { throwIfStopped, type CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { bootstrapPostgres } from './postgres-bootstrap';
import { postgresReview } from './postgres-statements';
import { teardownPostgres } from './postgres-teardown';
import { bootstrapSnowflake } from './snowflake-bootstrap';
import { snowflakeReview } from './snowflake-statements';
import { teardownSnowflake } from './snowflake-teardown';
import type { AdminConnectionConfig, ObjectReport, ReviewStatement, WarehousePlan } from './types';

function checkInputs(admin: AdminConnectionConfig, plan: WarehousePlan, step: 'bootstrap' | 'teardown', signal: AbortSignal | undefined): void {
  throwIfStopped(signal, admin.kind, step);
  if (admin.kind !== plan.kind) {
    throw new IntegrationError({ provider: admin.kind, failureClass: 'config', step, cause: `The administrator credentials are for ${admin.kind}, the warehouse is ${plan.kind}.`, hint: 'Enter administrator credentials for this warehouse.' });
  }
  const missing = !admin.username ? 'username' : !admin.password ? 'password' : admin.kind === 'snowflake' ? (!admin.account ? 'account' : undefined) : !admin.host ? 'host' : undefined;
  if (missing) throw new IntegrationError({ provider: admin.kind, failureClass: 'config', field: missing, step, cause: `The administrator ${missing} is missing.`, hint: `Fill in the ${missing}.` });
}

/** Creates what the plan names (warehouse, database, schemas, role, user, grants) and reports each object. */
export async function bootstrapWarehouse(admin: AdminConnectionConfig, plan: WarehousePlan, servicePassword: string, o: CallOptions = {}): Promise<ObjectReport[]> {
  checkInputs(admin, plan, 'bootstrap', o.signal);
  if (!servicePassword) throw new IntegrationError({ provider: admin.kind, failureClass: 'config', field: 'servicePassword', step: 'bootstrap', cause: 'No password was given for the service user.' });
  return admin.kind === 'snowflake' ? bootstrapSnowflake(admin, plan, servicePassword, o) : bootstrapPostgres(admin, plan, servicePassword, o);
}

/** Removes the service user and role always; the schemas (and the Snowflake database/warehouse when Tapestry created them) only when dropData. Missing objects are 'absent', not errors. */
export async function teardownWarehouse(admin: AdminConnectionConfig, plan: WarehousePlan, options: { dropData: boolean }, o: CallOptions = {}): Promise<ObjectReport[]> {
  checkInputs(admin, plan, 'teardown', o.signal);
  return admin.kind === 'snowflake' ? teardownSnowflake(admin, plan, options.dropData, o) : teardownPostgres(admin, plan, options.dropData, o);
}

/** The statements bootstrap would run, with the password as a bind placeholder, for the review page. */
export function bootstrapStatements(plan: WarehousePlan): ReviewStatement[] {
  return plan.kind === 'snowflake' ? snowflakeReview(plan) : postgresReview(plan);
}
