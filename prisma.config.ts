// Prisma 7 reads its settings here. Only `prisma generate` runs on these machines (the schema
// engine cannot be downloaded offline); migrations are applied by lib/db/migrate.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/tapestry' },
});
