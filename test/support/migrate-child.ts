// Runs migrate() in its own process so a test can kill it mid-migration (REL-8).
// Usage: node --import tsx test/support/migrate-child.ts <databaseUrl> <migrationsDir>
import { migrate } from '../../lib/db/migrate';

const [url, dir] = process.argv.slice(2);
void migrate(url!, { dir });
