// "Test connection" for an Airbyte source or destination before it is saved: the configuration
// API's `POST /api/v1/scheduler/{sources|destinations}/check_connection` with the configuration
// inline. A check has no side effect, so a throttled or failed (5xx) call is sent again.
import { throwIfStopped, type CallOptions } from '../call-limits';
import { IntegrationError } from '../errors';
import { checkFailure } from './check-failures';
import { CONFIG_API, PUBLIC_API, type AirbyteClient } from './client';
import { DESTINATION_DEFINITION_IDS, SOURCE_DEFINITION_IDS } from './definitions';
import { checkConnectionReadSchema, workspacesSchema } from './schemas';

type Configuration = Record<string, unknown>;

export interface CheckDetail {
  /** The check job's id in Airbyte, to find its log there. */
  jobId: string;
  workspaceId: string;
}

async function workspaceOf(client: AirbyteClient, options: CallOptions): Promise<string> {
  if (client.config.workspaceId) return client.config.workspaceId;
  const listed = await client.call({ method: 'GET', path: `${PUBLIC_API}/workspaces?limit=1`, schema: workspacesSchema, idempotent: true, step: 'check' }, options);
  const first = listed.data[0]?.workspaceId;
  if (!first) throw new IntegrationError({ provider: 'airbyte', failureClass: 'not_found', field: 'workspaceId', cause: 'This Airbyte instance has no workspace.', hint: 'Create a workspace in Airbyte, or name one.' });
  return first;
}

/** Every string value of a configuration, so none can reach an error text (they include its secrets). */
function configurationSecrets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(configurationSecrets);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(configurationSecrets);
  return [];
}

async function check(client: AirbyteClient, kind: 'source' | 'destination', connectorType: string, configuration: Configuration, options: CallOptions): Promise<CheckDetail> {
  throwIfStopped(options.signal, 'airbyte', 'check');
  const definitionId = (kind === 'source' ? SOURCE_DEFINITION_IDS : DESTINATION_DEFINITION_IDS)[connectorType];
  if (!definitionId) {
    throw new IntegrationError({ provider: 'airbyte', failureClass: 'config', field: `${kind}Type`, cause: `Tapestry does not offer the ${kind} type "${connectorType}".`, hint: 'Choose a connector from the catalog.' });
  }
  const workspaceId = await workspaceOf(client, options);
  const read = await client.call(
    {
      method: 'POST',
      path: `${CONFIG_API}/scheduler/${kind}s/check_connection`,
      body: { [`${kind}DefinitionId`]: definitionId, workspaceId, connectionConfiguration: configuration },
      schema: checkConnectionReadSchema,
      idempotent: true,
      step: 'check',
    },
    options,
  );
  if (read.status === 'succeeded') return { jobId: read.jobInfo.id, workspaceId };
  const message = read.message ?? read.jobInfo.failureReason?.externalMessage ?? '';
  throw checkFailure(message, !read.jobInfo.succeeded, [...client.secrets, ...configurationSecrets(configuration)]);
}

export function checkSourceConnection(client: AirbyteClient, input: { sourceType: string; configuration: Configuration }, options: CallOptions = {}): Promise<CheckDetail> {
  return check(client, 'source', input.sourceType, input.configuration, options);
}

export function checkDestinationConnection(client: AirbyteClient, input: { destinationType: string; configuration: Configuration }, options: CallOptions = {}): Promise<CheckDetail> {
  return check(client, 'destination', input.destinationType, input.configuration, options);
}
