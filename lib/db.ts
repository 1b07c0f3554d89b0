// The Prisma client, one per process. Password hashes are omitted from every query unless a
// caller (only lib/auth) explicitly asks for them.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';

function create() {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 });
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
