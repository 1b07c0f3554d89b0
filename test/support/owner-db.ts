// Prisma as the database owner, for tests and seeds that set up or inspect rows from below the
// app (like a DBA would): it skips the app role, so row-level tenant policies do not apply.
// Application code never uses this; it goes through lib/db.ts and lib/db/tenant.ts.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';

let client: PrismaClient | undefined;
let clientUrl: string | undefined;

export function ownerDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (!client || clientUrl !== url) {
    void client?.$disconnect();
    client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
    clientUrl = url;
  }
  return client;
}

export async function disconnectOwnerDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}
