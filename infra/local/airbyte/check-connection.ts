// "Test connection", as Airbyte OSS's configuration API serves it (airbyte-api/server-api config.yaml):
//   POST /api/v1/scheduler/sources/check_connection       SourceCoreConfig → CheckConnectionRead
//   POST /api/v1/scheduler/destinations/check_connection  DestinationCoreConfig → CheckConnectionRead
//   POST /api/v1/sources/check_connection                 {sourceId} → CheckConnectionRead
//   POST /api/v1/destinations/check_connection            {destinationId} → CheckConnectionRead
// The connector's answer is `status: succeeded|failed` with its message. An invalid configuration
// fails the way the connector's own spec check fails it (the Python CDK's "Config validation
// error", the Java CDK's "Verification error(s)"); a Postgres configuration is really tried (bounded
// timeouts), so a wrong password fails truthfully; forced failures come from CheckFailurePlan. A
// check that times out ends the check job itself (`jobInfo.succeeded: false` with a failureReason).
import { randomUUID } from 'node:crypto';
import { jsonResponse } from '../core/stand-in-server';
import { requireActor } from './actors';
import { forcedFailureMessage, type CheckFailureClass } from './check-failures';
import { restoreMaskedSecrets, validationMessages } from './configuration';
import { connectorSchema, typeField, typeForDefinition } from './connectors';
import { CONFIG_API, type AirbyteContext, type Route } from './context';
import { connectPostgres, describePostgresError } from './postgres-connection';
import { ErrorIdFailure } from './problems';
import { BodyReader } from './request-input';
import type { Actor, ActorKind } from './store';
import { wait } from './wait';

/** How long a connector takes to answer a check (unscaled ms), and a timed-out one (Airbyte waits a minute or more). */
const CHECK_MS = 1_500;
const TIMEOUT_MS = 60_000;
/** Connectors built on the Java CDK (the rest are Python). */
const JAVA_CONNECTORS = new Set(['postgres', 'snowflake']);

type JsonObject = Record<string, unknown>;

interface CheckOutcome {
  status: 'succeeded' | 'failed';
  message?: string;
  /** The check job itself broke (a timeout), rather than the connector answering "failed". */
  jobFailed?: boolean;
}

function specFailure(connectorType: string, errors: string[]): string {
  return JAVA_CONNECTORS.has(connectorType)
    ? `Verification error(s) occurred for CHECK. Errors: [${errors.join(', ')}] `
    : `Config validation error: ${errors.join(', ')}`;
}

/** Tries the Postgres server for real: a destination must also let the user create tables in its schema. */
async function probePostgres(kind: ActorKind, configuration: JsonObject): Promise<CheckOutcome> {
  let client;
  try {
    client = await connectPostgres(configuration);
    if (kind === 'destination') {
      const schema = `"${String(configuration.schema ?? 'public').replace(/"/g, '""')}"`;
      const table = `${schema}."_airbyte_connection_test_${randomUUID().replace(/-/g, '')}"`;
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`CREATE TABLE ${table} (id integer)`);
      await client.query(`DROP TABLE ${table}`);
    } else {
      await client.query('SELECT 1');
    }
    return { status: 'succeeded' };
  } catch (error) {
    const described = describePostgresError(error, configuration);
    return { status: 'failed', message: `Could not connect with provided configuration. ${described.message}`, jobFailed: described.failureClass === 'timeout' };
  } finally {
    await client?.end().catch(() => undefined);
  }
}

async function check(ctx: AirbyteContext, kind: ActorKind, connectorType: string, configuration: JsonObject): Promise<CheckOutcome> {
  const forced = ctx.checkFailures.take(kind, connectorType);
  const delay = forced?.delayMs ?? (forced?.failure === 'timeout' ? TIMEOUT_MS : CHECK_MS);
  await wait(delay * ctx.timeScale, ctx.closing);
  if (forced) return forcedOutcome(forced.failure, connectorType, configuration);
  const schema = connectorSchema(kind, connectorType);
  const errors = schema ? validationMessages(schema, { ...configuration, [typeField(kind)]: connectorType }) : [];
  if (errors.length) return { status: 'failed', message: specFailure(connectorType, errors) };
  if (connectorType === 'postgres') return probePostgres(kind, configuration);
  return { status: 'succeeded' };
}

function forcedOutcome(failure: CheckFailureClass, connectorType: string, configuration: JsonObject): CheckOutcome {
  return { status: 'failed', message: forcedFailureMessage(failure, connectorType, configuration), jobFailed: failure === 'timeout' };
}

function checkConnectionRead(ctx: AirbyteContext, kind: ActorKind, started: number, outcome: CheckOutcome, configId?: string) {
  const ended = ctx.now();
  const jobInfo: JsonObject = {
    id: randomUUID(),
    configType: kind === 'source' ? 'check_connection_source' : 'check_connection_destination',
    createdAt: started,
    endedAt: ended,
    succeeded: !outcome.jobFailed,
    connectorConfigurationUpdated: false,
    logType: 'formatted',
    logs: { logLines: outcome.message ? [`ERROR ${outcome.message}`] : [`INFO Check succeeded`] },
  };
  if (configId) jobInfo.configId = configId;
  if (outcome.jobFailed) {
    jobInfo.failureReason = {
      failureOrigin: kind,
      failureType: 'system_error',
      externalMessage: outcome.message,
      retryable: true,
      timestamp: ended,
    };
  }
  const read: JsonObject = { status: outcome.status, jobInfo };
  if (outcome.message) read.message = outcome.message;
  return read;
}

/** A check of a configuration given inline (the wizard's "Test connection" before saving). */
function inlineCheckRoute(kind: ActorKind): Route {
  return {
    method: 'POST',
    template: `${CONFIG_API}/scheduler/${kind}s/check_connection`,
    operationId: kind === 'source' ? 'executeSourceCheckConnection' : 'executeDestinationCheckConnection',
    async handle(ctx, request) {
      const started = ctx.now();
      const body = BodyReader.fromRequest(request, `${kind}CoreConfig`, 400);
      const definitionId = body.uuid(`${kind}DefinitionId`, true) ?? '';
      const workspaceId = body.uuid('workspaceId', true) ?? '';
      const submitted = body.object('connectionConfiguration', true) ?? {};
      const savedId = body.uuid(`${kind}Id`);
      const connectorType = typeForDefinition(kind, definitionId);
      if (!connectorType) throw new ErrorIdFailure(404, `unknown ${kind} definition ${definitionId}`);
      if (!ctx.store.liveWorkspace(workspaceId)) throw new ErrorIdFailure(404, `unknown workspace ${workspaceId}`);
      const { [typeField(kind)]: _type, ...configuration } = submitted;
      // Checking an edit of a saved connector: masked secrets stand for the stored ones.
      const saved = savedId ? ctx.store.liveActor(kind, savedId) : undefined;
      const schema = connectorSchema(kind, connectorType);
      const effective = saved && schema ? restoreMaskedSecrets(configuration, saved.configuration, schema) : configuration;
      const outcome = await check(ctx, kind, connectorType, effective);
      return jsonResponse(200, checkConnectionRead(ctx, kind, started, outcome, savedId));
    },
  };
}

/** A check of a saved source or destination. */
function savedCheckRoute(kind: ActorKind): Route {
  return {
    method: 'POST',
    template: `${CONFIG_API}/${kind}s/check_connection`,
    operationId: kind === 'source' ? 'checkConnectionToSource' : 'checkConnectionToDestination',
    async handle(ctx, request) {
      const started = ctx.now();
      const body = BodyReader.fromRequest(request, `${kind}IdRequestBody`, 400);
      const id = body.uuid(`${kind}Id`, true) ?? '';
      let actor: Actor;
      try {
        actor = requireActor(ctx, kind, id);
      } catch {
        throw new ErrorIdFailure(404, `unknown ${kind} ${id}`);
      }
      const outcome = await check(ctx, kind, actor.connectorType, actor.configuration);
      return jsonResponse(200, checkConnectionRead(ctx, kind, started, outcome, actor.id));
    },
  };
}

export const checkConnectionRoutes: Route[] = [inlineCheckRoute('source'), inlineCheckRoute('destination'), savedCheckRoute('source'), savedCheckRoute('destination')];
