// The one entry the wizard's "Test connection" calls (UX-1): whatever the kind, a result within
// the overall timeout (30 s at most), a Cancel honoured at once, and on failure an
// IntegrationError that names the class, the provider's code and a fix — never a vendor message.
import { createAirbyteClient, type AirbyteConfig } from './airbyte/client';
import { checkDestinationConnection, checkSourceConnection, type CheckDetail } from './airbyte/check-connection';
import type { AwsCredentialsConfig } from './aws/sts-client';
import { testAwsCredentials, type AwsIdentity } from './aws/test-credentials';
import { OVERALL_TIMEOUT_MS, stoppedError } from './call-limits';
import { IntegrationError, type IntegrationProvider } from './errors';
import { testPostgresWarehouse, type PostgresWarehouseConfig, type PostgresWarehouseDetail } from './postgres/test-warehouse';
import type { SnowflakeConfig } from './snowflake/connection';
import { testSnowflake, type SnowflakeDetail } from './snowflake/test-snowflake';

export interface ConnectionConfigs {
  aws: AwsCredentialsConfig;
  snowflake: SnowflakeConfig;
  postgres: PostgresWarehouseConfig;
  'airbyte-source': { airbyte: AirbyteConfig; sourceType: string; configuration: Record<string, unknown> };
  'airbyte-destination': { airbyte: AirbyteConfig; destinationType: string; configuration: Record<string, unknown> };
}

export interface ConnectionDetails {
  aws: AwsIdentity;
  snowflake: SnowflakeDetail;
  postgres: PostgresWarehouseDetail;
  'airbyte-source': CheckDetail;
  'airbyte-destination': CheckDetail;
}

export type ConnectionKind = keyof ConnectionConfigs;

export type TestConnectionResult<K extends ConnectionKind> = { ok: true; detail: ConnectionDetails[K]; ms: number } | { ok: false; error: IntegrationError; ms: number };

export interface TestConnectionOptions {
  /** Cancel: aborts the call in flight. */
  signal?: AbortSignal;
  /** The overall bound, at most 30 s (the default). */
  timeoutMs?: number;
}

const PROVIDER: Record<ConnectionKind, IntegrationProvider> = {
  aws: 'aws',
  snowflake: 'snowflake',
  postgres: 'postgres',
  'airbyte-source': 'airbyte',
  'airbyte-destination': 'airbyte',
};

type Runners = { [K in ConnectionKind]: (config: ConnectionConfigs[K], options: { signal: AbortSignal; timeoutMs: number }) => Promise<ConnectionDetails[K]> };

const RUNNERS: Runners = {
  aws: testAwsCredentials,
  snowflake: testSnowflake,
  postgres: testPostgresWarehouse,
  'airbyte-source': (config, options) => checkSourceConnection(createAirbyteClient(config.airbyte), config, options),
  'airbyte-destination': (config, options) => checkDestinationConnection(createAirbyteClient(config.airbyte), config, options),
};

export async function testConnection<K extends ConnectionKind>(kind: K, config: ConnectionConfigs[K], options: TestConnectionOptions = {}): Promise<TestConnectionResult<K>> {
  const started = performance.now();
  const timeoutMs = Math.max(1, Math.min(options.timeoutMs ?? OVERALL_TIMEOUT_MS, OVERALL_TIMEOUT_MS));
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const ms = () => Math.round(performance.now() - started);
  const run = RUNNERS[kind] as (config: ConnectionConfigs[K], options: { signal: AbortSignal; timeoutMs: number }) => Promise<ConnectionDetails[K]>;
  try {
    const detail = await run(config, { signal, timeoutMs });
    return { ok: true, detail, ms: ms() };
  } catch (error) {
    if (error instanceof IntegrationError) return { ok: false, error, ms: ms() };
    // An adapter bug, not the user's connection: still a bounded, secret-free answer.
    const stopped = signal.aborted ? stoppedError(signal, PROVIDER[kind]) : undefined;
    return { ok: false, error: stopped ?? new IntegrationError({ provider: PROVIDER[kind], failureClass: 'unavailable', cause: 'The test failed unexpectedly.' }), ms: ms() };
  }
}
