// Runs migrate() in its own process, as `npm run migrate` does on each starting instance, so a
// test can start several at once or kill one mid-migration (REL-8). Prints the result as JSON
// and exits 0, or prints the error and exits 1.
// Usage: node --import tsx test/support/migrate-child.ts <databaseUrl> <migrationsDir>
import { migrate } from '../../lib/db/migrate';

const [url, dir] = process.argv.slice(2);
migrate(url!, { dir }).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
