// `npm run migrate`: applies prisma/migrations to DATABASE_URL (the compose file's one-off step).
import { env } from '@/lib/env';
import { migrate } from '@/lib/db/migrate';

migrate(env().DATABASE_URL, { log: (line) => console.log(line) })
  .then((result) => {
    console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
