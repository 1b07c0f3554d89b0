import 'server-only';
// "Test connection" for one part of a pipeline's draft (UX-1): the AWS target, the warehouse, or
// one source. The draft names its secrets as { secret: name }; they are opened here, on the
// server, straight into the integration call, and the answer carries only what the user needs to
// fix the draft: a failure class, the provider's code, our own cause and hint, and the draft
// path of the field to fix (`warehouse.config.password`). Never a secret, never a vendor message.
//
// Testing spends the organization's credentials against a host the draft names, so it takes the
// same permission as editing the draft. The draft is read in a short transaction; the test itself
// (up to 30 s) runs outside it.
import { can, type Actor } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import { draftOf, findPipeline } from '@/lib/dal/pipelines/pipeline-record';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { raceSignal } from '@/lib/integrations/call-limits';
import { IntegrationError, scrubSecrets, type FailureClass, type IntegrationProvider } from '@/lib/integrations/errors';
import type { PostgresSslMode } from '@/lib/integrations/postgres';
import { sandboxConnection, type SandboxConnection } from '@/lib/integrations/sandbox';
import { testConnection, type ConnectionConfigs, type ConnectionDetails, type ConnectionKind } from '@/lib/integrations/test-connection';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { formatPath, isSecretRef, type SpecPath } from '@/lib/pipeline/spec';
import { secretPlaces, valueAt } from '@/lib/pipeline/spec/draft-secrets';
import { revealForIntegration } from '@/lib/secrets/reveal';

export type TestSubject = 'target' | 'warehouse' | `sources[${number}]`;

export interface TestFailure {
  ok: false;
  ms: number;
  failureClass: FailureClass;
  /** The draft path of the field to fix, e.g. `warehouse.config.password`. */
  field?: string;
  /** The provider's own code (`28P01`, `390189`, `SignatureDoesNotMatch`, `HTTP 401`). */
  code?: string;
  message: string;
  hint: string;
  /** What was tried and where it stopped, for the expandable details. */
  log?: string[];
}

export type DraftTestResult = { ok: true; ms: number; summary: string } | TestFailure;

type Finding = Omit<TestFailure, 'ok' | 'ms'>;

/** Something to fix in the draft before any call is worth making. */
class NotReady extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message);
  }
}

const notReady = (field: SpecPath | undefined, message: string, hint: string, failureClass: FailureClass = 'config') =>
  new NotReady({ failureClass, field: field && formatPath(field), message, hint });

const SET_SECRET_HINT = 'Type the value into this field and save it, then test again.';

/**
 * Opens the draft's secret references; remembers every value so no text of the answer can carry
 * one. Whoever edits the pipeline may test with its own credentials; a credential of the
 * organization or of another pipeline is opened only for someone who manages credentials
 * (credentials:write), or an editor could point a draft at an admin's secret and a host of theirs.
 */
class SecretResolver {
  readonly values: string[] = [];
  constructor(
    private readonly orgId: string,
    private readonly pipelineId: string,
    private readonly mayUseShared: boolean,
  ) {}

  /** `value` with each { secret } replaced by the credential's plaintext. */
  async resolve(value: unknown, at: SpecPath): Promise<unknown> {
    if (isSecretRef(value)) return this.reveal(value.secret, at);
    if (Array.isArray(value)) return Promise.all(value.map((item, i) => this.resolve(item, [...at, i])));
    if (!isRecord(value)) return value;
    const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await this.resolve(item, [...at, key])] as const));
    return Object.fromEntries(entries);
  }

  /** A secret the test cannot go without. */
  async required(value: unknown, at: SpecPath): Promise<string> {
    if (value === undefined || value === null || value === '') throw notReady(at, 'Set the secret first.', SET_SECRET_HINT);
    const resolved = await this.resolve(value, at);
    if (typeof resolved !== 'string') throw notReady(at, 'This field should hold a stored secret.', SET_SECRET_HINT);
    return resolved;
  }

  private async reveal(name: string, at: SpecPath): Promise<string> {
    if (!this.mayUseShared) {
      const owner = await inOrg(this.orgId, (tx) => tx.credential.findUnique({ where: { orgId_name: { orgId: this.orgId, name } }, select: { pipelineId: true } }));
      if (owner && owner.pipelineId !== this.pipelineId) {
        throw notReady(at, `"${name}" is a credential of the organization, not of this pipeline: only owners and admins can test with it.`, 'Ask an admin to run this test, or type a value for this pipeline into the field.', 'permission');
      }
    }
    try {
      const { value } = await revealForIntegration(this.orgId, name);
      this.values.push(value);
      return value;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw notReady(at, `Set the secret first: no value is stored for the credential "${name}".`, SET_SECRET_HINT);
      throw error;
    }
  }
}

interface Context {
  draft: Record<string, unknown>;
  secrets: SecretResolver;
  sandbox: SandboxConnection | undefined;
  signal: AbortSignal | undefined;
  started: number;
}

interface Plan<K extends ConnectionKind> {
  kind: K;
  provider: IntegrationProvider;
  config: ConnectionConfigs[K];
  /** What the test does, first lines of the details. */
  steps: string[];
  summary(detail: ConnectionDetails[K]): string;
  /** The draft path an adapter's failure points at. */
  fieldOf(error: IntegrationError): string | undefined;
  /** A check of a successful answer against the draft. */
  verify?(detail: ConnectionDetails[K]): Finding | undefined;
}

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const elapsed = (ctx: Context) => Math.round(performance.now() - ctx.started);

/** Maps an adapter's field (or, lacking one, its failure class) to a field below `base`. */
function fieldMapper(base: SpecPath, byField: Record<string, string>, byClass: Partial<Record<FailureClass, string>>) {
  return (error: IntegrationError): string | undefined => {
    const relative = (error.field !== undefined ? byField[error.field] : undefined) ?? byClass[error.failureClass];
    return relative === undefined ? undefined : formatPath([...base, ...relative.split('.')]);
  };
}

/**
 * The integration's answer, or "cancelled" the moment the signal fires: an adapter still tidying
 * up must not hold the answer (pg's end() waits for the server to close its side, which a frozen
 * server that no longer reads never does before the 10 s connect deadline).
 */
async function answerOf<K extends ConnectionKind>(plan: Plan<K>, signal: AbortSignal | undefined) {
  try {
    return await raceSignal(testConnection(plan.kind, plan.config, { signal }), signal, plan.provider, 'connect');
  } catch (error) {
    if (error instanceof IntegrationError) return { ok: false as const, error };
    throw error;
  }
}

async function run<K extends ConnectionKind>(plan: Plan<K>, ctx: Context): Promise<DraftTestResult> {
  const result = await answerOf(plan, ctx.signal);
  const ms = elapsed(ctx);
  if (result.ok) {
    const wrong = plan.verify?.(result.detail);
    return wrong ? { ok: false, ms, ...wrong, log: [...plan.steps, `The answer does not match the draft after ${ms} ms.`] } : { ok: true, ms, summary: plan.summary(result.detail) };
  }
  const { error } = result;
  const where = error.step ? ` at step "${error.step}"` : '';
  const code = error.code ? ` (${error.provider} ${error.code})` : '';
  return {
    ok: false,
    ms,
    failureClass: error.failureClass,
    field: plan.fieldOf(error),
    code: error.code,
    message: error.cause,
    hint: error.hint,
    log: [...plan.steps, `Stopped${where} after ${ms} ms: ${error.failureClass}${code}.`],
  };
}

async function testTarget(ctx: Context): Promise<DraftTestResult> {
  const target = record(ctx.draft.target);
  if (target.kind === 'sandbox') return { ok: true, ms: elapsed(ctx), summary: 'The sandbox needs no credentials' };
  if (target.kind !== 'aws') throw notReady(['target', 'kind'], 'Choose where the pipeline runs first.', 'Pick the sandbox or your AWS account.');
  const region = text(target.region);
  const accessKeyId = text(target.accessKeyId);
  if (!region) throw notReady(['target', 'region'], 'Choose the AWS region first.', 'Pick the region the pipeline should run in.');
  if (!accessKeyId) throw notReady(['target', 'accessKeyId'], 'Fill in the access key ID first.', 'Copy it from IAM → Users → Security credentials.');
  const secretAccessKey = await ctx.secrets.required(target.credentials, ['target', 'credentials']);
  // Only the sandbox's own key goes to the sandbox's STS; every other key is a real AWS key.
  const endpoint = ctx.sandbox && accessKeyId === ctx.sandbox.aws.accessKeyId ? ctx.sandbox.aws.url : undefined;
  const accountId = text(target.accountId);
  return run(
    {
      kind: 'aws',
      provider: 'aws',
      config: { region, accessKeyId, secretAccessKey, endpoint },
      steps: [`AWS STS GetCallerIdentity in ${region}${endpoint ? ' (the sandbox’s AWS)' : ''} with access key ${accessKeyId}.`],
      summary: (identity) => `Signed in as ${identity.arn}`,
      fieldOf: fieldMapper(['target'], { accessKeyId: 'accessKeyId', secretAccessKey: 'credentials', sessionToken: 'credentials', region: 'region' }, { auth: 'credentials', permission: 'accessKeyId' }),
      verify: (identity) =>
        accountId && identity.accountId !== accountId
          ? {
              failureClass: 'config',
              field: 'target.accountId',
              message: `These keys belong to AWS account ${identity.accountId}, not ${accountId}.`,
              hint: 'Correct the account ID, or use an access key of that account.',
            }
          : undefined,
    },
    ctx,
  );
}

const SSL_MODES: Record<string, PostgresSslMode> = { disable: 'disable', allow: 'prefer', prefer: 'prefer', require: 'require', 'verify-ca': 'verify-ca', 'verify-full': 'verify-full' };
const WAREHOUSE: SpecPath = ['warehouse', 'config'];
const NETWORK_TO_HOST = { dns: 'host', network: 'host', timeout: 'host' } as const;

/** Airbyte's PostgreSQL destination configuration, tested directly against the server. */
async function postgresPlan(config: Record<string, unknown>, ctx: Context): Promise<Plan<'postgres'>> {
  const tunnel = text(record(config.tunnel_method).tunnel_method);
  if (tunnel && tunnel !== 'NO_TUNNEL') {
    throw notReady([...WAREHOUSE, 'tunnel_method'], 'Test connection cannot go through an SSH tunnel yet.', 'Deploy the pipeline: Airbyte checks the warehouse through the tunnel then.');
  }
  const ssl = record(config.ssl_mode);
  const sslMode = SSL_MODES[text(ssl.mode) || 'prefer'];
  if (!sslMode) throw notReady([...WAREHOUSE, 'ssl_mode'], 'Choose one of the SSL modes offered.', 'Pick an SSL mode from the list.');
  const port = config.port === undefined || config.port === '' ? 5432 : Number(config.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw notReady([...WAREHOUSE, 'port'], 'The port must be a whole number from 1 to 65535.', 'PostgreSQL listens on 5432 unless configured otherwise.');
  const password = await ctx.secrets.required(config.password, [...WAREHOUSE, 'password']);
  const caCertificate = ssl.ca_certificate === undefined ? undefined : await ctx.secrets.required(ssl.ca_certificate, [...WAREHOUSE, 'ssl_mode', 'ca_certificate']);
  const host = text(config.host);
  const schema = text(config.schema) || 'public';
  return {
    kind: 'postgres',
    provider: 'postgres',
    config: { host, port, database: text(config.database), user: text(config.username), password, sslMode, caCertificate, schema },
    steps: [`PostgreSQL at ${host}:${port}, SSL mode ${sslMode}: log in, run a query, check CREATE on schema "${schema}".`],
    summary: (d) => `Connected to PostgreSQL ${d.serverVersion} as ${d.user}; can create tables in ${d.schema}`,
    fieldOf: fieldMapper(
      WAREHOUSE,
      { host: 'host', port: 'port', database: 'database', user: 'username', password: 'password', sslMode: 'ssl_mode', schema: 'schema' },
      { ...NETWORK_TO_HOST, auth: 'password', tls: 'ssl_mode', permission: 'username', not_found: 'database' },
    ),
  };
}

/** `xy12345.us-east-1.snowflakecomputing.com` (or an https:// URL of it) → `xy12345.us-east-1`. */
function snowflakeAccount(host: string): string {
  return host
    .replace(/^https?:\/\//i, '')
    .replace(/[/?#].*$/, '')
    .replace(/\.snowflakecomputing\.com$/i, '');
}

/** Airbyte's Snowflake destination configuration, tested directly through snowflake-sdk. */
async function snowflakePlan(config: Record<string, unknown>, ctx: Context): Promise<Plan<'snowflake'>> {
  const credentials = record(config.credentials);
  if (credentials.auth_type === 'Key Pair Authentication' || credentials.private_key !== undefined) {
    // lib/integrations/snowflake signs in with a password only.
    throw notReady([...WAREHOUSE, 'credentials'], 'Test connection cannot sign in with a key pair yet.', 'Test with a password, or deploy: Airbyte checks the key pair then.');
  }
  const host = text(config.host);
  if (!host) throw notReady([...WAREHOUSE, 'host'], 'Fill in the host first.', 'Your Snowflake URL without https://, e.g. orgname-account.snowflakecomputing.com.');
  const onSandbox = record(ctx.draft.target).kind === 'sandbox';
  if (onSandbox && !ctx.sandbox) throw notReady(undefined, 'The sandbox is not running, so its Snowflake cannot be reached.', 'Start Tapestry with `npm start`, which starts the sandbox.', 'unavailable');
  const password = await ctx.secrets.required(credentials.password, [...WAREHOUSE, 'credentials', 'password']);
  const account = snowflakeAccount(host);
  const accessUrl = onSandbox ? ctx.sandbox?.snowflake.url : undefined;
  const warehouse = text(config.warehouse);
  return {
    kind: 'snowflake',
    provider: 'snowflake',
    config: { account, username: text(config.username), password, role: text(config.role), warehouse, database: text(config.database), schema: text(config.schema), accessUrl },
    steps: [`Snowflake account ${account}${accessUrl ? ' (the sandbox’s Snowflake)' : ''}: log in, use warehouse ${warehouse || '(default)'}, run a query.`],
    summary: (d) => `Signed in to Snowflake ${d.version} with role ${d.role}, using warehouse ${d.warehouse}`,
    fieldOf: fieldMapper(
      WAREHOUSE,
      { account: 'host', username: 'username', password: 'credentials.password', role: 'role', warehouse: 'warehouse', database: 'database', schema: 'schema' },
      { ...NETWORK_TO_HOST, auth: 'credentials.password', tls: 'host', permission: 'role', not_found: 'warehouse' },
    ),
  };
}

async function testWarehouse(ctx: Context): Promise<DraftTestResult> {
  const warehouse = record(ctx.draft.warehouse);
  const config = record(warehouse.config);
  if (warehouse.type === 'postgres') return run(await postgresPlan(config, ctx), ctx);
  if (warehouse.type === 'snowflake') return run(await snowflakePlan(config, ctx), ctx);
  throw notReady(['warehouse', 'type'], 'Choose the warehouse first.', 'Pick Snowflake or PostgreSQL.');
}

/** The Airbyte client's own settings: a failure there is the sandbox's Airbyte, not a draft field. */
const AIRBYTE_OWN_FIELDS = new Set(['clientId', 'clientSecret', 'baseUrl', 'workspaceId']);

function sourceFieldOf(ctx: Context, index: number, configuration: Record<string, unknown>) {
  const base: SpecPath = ['sources', index, 'config'];
  const secretsHere = secretPlaces(ctx.draft).filter((p) => p[0] === 'sources' && p[1] === index);
  return (error: IntegrationError): string | undefined => {
    const field = error.field;
    if (field === 'sourceType') return formatPath(['sources', index, 'type']);
    if (field !== undefined && AIRBYTE_OWN_FIELDS.has(field)) return undefined;
    if (field !== undefined && Object.hasOwn(configuration, field)) return formatPath([...base, field]);
    const secret = field !== undefined ? secretsHere.find((p) => p.at(-1) === field) : undefined;
    if (secret) return formatPath(secret);
    if (error.failureClass !== 'auth') return field === undefined ? undefined : formatPath([...base, field]);
    const used = secretsHere.find((p) => valueAt(ctx.draft, p) !== undefined) ?? secretsHere[0];
    return used && formatPath(used);
  };
}

async function testSource(ctx: Context, index: number): Promise<DraftTestResult> {
  const source = valueAt(ctx.draft, ['sources', index]);
  if (!isRecord(source)) throw new AppError('VALIDATION', 'There is no source at that position in the draft.', { subject: ['There is no source at that position in the draft.'] });
  const type = text(source.type);
  if (!type) throw notReady(['sources', index, 'type'], 'Choose the source connector first.', 'Pick a connector from the catalog.');
  const airbyte = ctx.sandbox?.airbyte;
  if (!airbyte) {
    throw notReady(undefined, 'Source checks run through Airbyte; start the sandbox, or deploy first.', 'Start Tapestry with `npm start` (it starts the sandbox’s Airbyte), or deploy the pipeline and test the source there.', 'unavailable');
  }
  ctx.secrets.values.push(airbyte.clientSecret);
  const configuration = record(await ctx.secrets.resolve(record(source.config), ['sources', index, 'config']));
  return run(
    {
      kind: 'airbyte-source',
      provider: 'airbyte',
      config: { airbyte: { baseUrl: airbyte.url, clientId: airbyte.clientId, clientSecret: airbyte.clientSecret }, sourceType: type, configuration },
      steps: [`Airbyte (the sandbox’s) checks the ${type} source’s connection with the settings of the draft.`],
      summary: () => `Airbyte connected to the ${type} source`,
      fieldOf: sourceFieldOf(ctx, index, configuration),
    },
    ctx,
  );
}

/** `target`, `warehouse` or `sources[N]`; VALIDATION for anything else. */
export function parseSubject(subject: string): { part: 'target' | 'warehouse' } | { part: 'sources'; index: number } {
  if (subject === 'target' || subject === 'warehouse') return { part: subject };
  const index = /^sources\[(\d{1,3})\]$/.exec(subject)?.[1];
  if (index !== undefined) return { part: 'sources', index: Number(index) };
  throw new AppError('VALIDATION', 'Test one of: target, warehouse, sources[N].', { subject: ['Test one of: target, warehouse, sources[N].'] });
}

function scrubbed(result: DraftTestResult, secrets: readonly string[]): DraftTestResult {
  if (result.ok) return { ...result, summary: scrubSecrets(result.summary, secrets) };
  const scrub = (s: string) => scrubSecrets(s, secrets);
  return {
    ...result,
    message: scrub(result.message),
    hint: scrub(result.hint),
    ...(result.code !== undefined ? { code: scrub(result.code) } : {}),
    ...(result.log ? { log: result.log.map(scrub) } : {}),
  };
}

/**
 * Tests the part of the pipeline's current draft named by `subject` with the credentials it
 * references. `signal` is the user's Cancel (or the browser going away); the integration's own
 * 30 s cap bounds the rest. FORBIDDEN below pipelines:edit, NOT_FOUND for another org's pipeline.
 */
export async function testDraftConnection(actor: Actor, input: { id: string; subject: string }, signal?: AbortSignal): Promise<DraftTestResult> {
  await assertCan(actor, 'pipelines:edit', 'pipeline.test-connection');
  const subject = parseSubject(input.subject);
  const started = performance.now();
  const { draft, pipelineId } = await inOrg(actor.orgId, async (tx) => {
    const row = await findPipeline(tx, actor, input.id);
    return { draft: await draftOf(tx, row), pipelineId: row.id };
  });
  const secrets = new SecretResolver(actor.orgId, pipelineId, can(actor, 'credentials:write'));
  const ctx: Context = { draft, secrets, sandbox: sandboxConnection(), signal, started };
  try {
    const result = subject.part === 'sources' ? await testSource(ctx, subject.index) : subject.part === 'target' ? await testTarget(ctx) : await testWarehouse(ctx);
    return scrubbed(result, ctx.secrets.values);
  } catch (error) {
    if (!(error instanceof NotReady)) throw error;
    return scrubbed({ ok: false, ms: elapsed(ctx), ...error.finding }, ctx.secrets.values);
  }
}
