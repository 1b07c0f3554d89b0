// The Prisma client, one per process. Password hashes are omitted from every query unless a
// caller (only lib/auth) explicitly asks for them. Its connections act as APP_DB_ROLE, which
// cannot rewrite the audit log (prisma/migrations/*_app_role); migrations use the URL's own user.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';

export const APP_DB_ROLE = 'tapestry_app';

function create() {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10, options: `-c role=${APP_DB_ROLE}` });
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

export type Db = ReturnType<typeof create>;

const globalForDb = globalThis as unknown as { tapestryDb?: Db };

export function db(): Db {
  if (!globalForDb.tapestryDb) globalForDb.tapestryDb = create();
  return globalForDb.tapestryDb;
}

/** Closes the pool; used by the worker and tests on shutdown. */
export async function disconnectDb(): Promise<void> {
  const client = globalForDb.tapestryDb;
  globalForDb.tapestryDb = undefined;
  await client?.$disconnect();
}
