// The only reader of process.env. Parsed lazily (at first use, not at import) so `next build`
// and unit tests do not need a running installation's configuration.
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (npm start sets it for the embedded database)'),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters'),
  /** Public origin of the app, e.g. https://tapestry.example.com; used in invite links and the CSRF check. */
  APP_URL: z.url().default('http://localhost:3000'),
  /** Extra secret mixed into every password hash (argon2 "secret"); kept outside the database. */
  TAPESTRY_PASSWORD_PEPPER: z.string().min(32, 'TAPESTRY_PASSWORD_PEPPER must be at least 32 characters'),
  /**
   * Keys that seal secrets at rest: `id:base64key[,id:base64key…]`, the first current, the rest
   * only open what they sealed (lib/crypto/secrets/README.md). `npm start` generates one.
   */
  TAPESTRY_SECRET_KEY: z.string().min(1).optional(),
  SMTP_URL: optionalUrl,
  SMTP_FROM: z.string().default('Tapestry <tapestry@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The sandbox's descriptor (URLs and credentials of the local stand-ins), written by `npm start`. */
  TAPESTRY_SANDBOX_FILE: z.string().min(1).optional(),
  /**
   * How long a worker's claim on a deployment or run lasts without a heartbeat (lib/jobs/stepper.ts):
   * after a crash, another worker resumes the row within this plus a second. Lower it only to make
   * crash tests fast; below a few seconds a busy worker could lose rows it is still working on.
   */
  TAPESTRY_WORKER_LEASE_SECONDS: z.coerce.number().int().min(2, 'TAPESTRY_WORKER_LEASE_SECONDS must be at least 2').default(60),
  /** Trust X-Forwarded-For for client addresses (only behind a proxy you run). */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change the environment between suites; production never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}
