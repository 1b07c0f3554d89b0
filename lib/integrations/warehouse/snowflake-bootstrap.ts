// Runs the Snowflake bootstrap (see snowflake-statements.ts) and says what each statement did:
// Snowflake's status line tells a created object from one that already existed; for grants, which
// answer the same either way, the role's grants are read once before the first one.
import type { CallOptions } from '../call-limits';
import { reportOf, type ReportBook } from './report-book';
import { SnowflakeAdminSession } from './snowflake-admin';
import { futureKey, memberKey, privilegeKey, snowflakeSteps, type SnowflakeStep } from './snowflake-statements';
import { sf } from './identifiers';
import type { ObjectReport, SnowflakeAdminConfig, WarehousePlan } from './types';

/** Every grant the role holds and every holder of the role, as the step keys name them. */
async function grantsOfRole(session: SnowflakeAdminSession, role: string): Promise<Set<string>> {
  const need = `MANAGE GRANTS (SECURITYADMIN) to read the grants of role ${role}`;
  const keys = new Set<string>();
  for (const row of await session.run(`SHOW GRANTS TO ROLE ${sf(role)}`, [], need)) keys.add(privilegeKey(String(row.privilege), String(row.granted_on), String(row.name)));
  for (const row of await session.run(`SHOW FUTURE GRANTS TO ROLE ${sf(role)}`, [], need)) keys.add(futureKey(String(row.privilege), String(row.grant_on), String(row.name)));
  for (const row of await session.run(`SHOW GRANTS OF ROLE ${sf(role)}`, [], need)) keys.add(memberKey(String(row.granted_to), String(row.grantee_name)));
  return keys;
}

async function bootstrap(session: SnowflakeAdminSession, plan: WarehousePlan, password: string, book: ReportBook): Promise<void> {
  let roleIsNew = false;
  let userExisted = false;
  let held: Set<string> | undefined;
  const grantStep = async (step: SnowflakeStep) => {
    held ??= roleIsNew ? new Set() : await grantsOfRole(session, plan.role);
    const had = held;
    await session.run(step.sql, [], step.need);
    book.record('grant', step.object.name, (step.grantKeys ?? []).every((key) => had.has(key)) ? 'existed' : 'created');
  };
  for (const step of snowflakeSteps(plan)) {
    if (step.whenUserExisted && !userExisted) continue;
    await session.actAs(step.actor);
    if (step.object.type === 'grant') {
      await grantStep(step);
      continue;
    }
    const status = await session.status(step.sql, step.binds.map(() => password), step.need);
    const existed = /already exists/i.test(status);
    if (step.object.type === 'role') roleIsNew = !existed;
    if (step.object.type === 'user' && !step.whenUserExisted) userExisted = existed;
    book.record(step.object.type, step.object.name, step.whenUserExisted ? 'updated' : existed ? 'existed' : 'created');
  }
}

export function bootstrapSnowflake(admin: SnowflakeAdminConfig, plan: WarehousePlan, servicePassword: string, options: CallOptions): Promise<ObjectReport[]> {
  const open = () => SnowflakeAdminSession.open(admin, options, 'bootstrap', [admin.password, servicePassword]);
  return reportOf('snowflake', options.signal, open, (session, book) => bootstrap(session, plan, servicePassword, book));
}
