// Kickstart: the original Tapestry's "Rain Shield" example as a ready spec. Zoom (server-to-server
// OAuth), Salesforce, Stripe and Zendesk land in a PostgreSQL warehouse; dbt Core builds the
// unified users model; Mailchimp and Salesforce receive the users. Every secret is a reference to
// a named credential the caller creates (sandbox) or the user supplies (AWS): `missingSecrets`
// lists those still unset.
import type { AwsRegion } from '../spec/aws-regions';
import type { PipelineSpec } from '../spec/pipeline';
import { secretRef } from '../spec/secret-ref';
import type { Schedule, Source } from '../spec/sources';
import { RAW_SCHEMA, RAW_STREAMS } from './unified-users/raw-tables';

/** Where the PostgreSQL warehouse is: the sandbox's warehouse database, or one the user runs. */
export interface WarehouseLocation {
  host: string;
  port: number;
  database: string;
  username: string;
}

interface PresetBase {
  warehouse: WarehouseLocation;
  /** Credential names start with it (default `rain-shield`), so two Kickstarts can keep theirs apart. */
  secretPrefix?: string;
  name?: string;
  slug?: string;
}

export type RainShieldOptions = PresetBase & ({ target: 'sandbox' } | { target: 'aws'; accountId: string; region: AwsRegion; accessKeyId: string });

/** Hourly, like the original's default sync; a new object per source, so editing one leaves the others. */
const hourly = (): Schedule => ({ kind: 'cron', expression: '0 * * * *', timezone: 'UTC' });
const START_DATE = '2024-01-01T00:00:00Z';

function sources(secret: (what: string) => { secret: string }): Source[] {
  const { zoom, salesforce, stripe, zendesk } = RAW_STREAMS;
  return [
    {
      name: 'zoom',
      type: zoom.type,
      prefix: zoom.prefix,
      // Server-to-server OAuth: the app's account, client id and secret; no user sign-in.
      config: { account_id: 'rainshield', client_id: 'rainshield-s2s', client_secret: secret('zoom-client-secret'), authorization_endpoint: 'https://zoom.us/oauth/token' },
      // The Zoom connector offers full refresh only.
      streams: zoom.streams.map((name) => ({ name, syncMode: 'full_refresh_overwrite' as const })),
      schedule: hourly(),
    },
    {
      name: 'salesforce',
      type: salesforce.type,
      prefix: salesforce.prefix,
      config: { client_id: 'rainshield-connected-app', client_secret: secret('salesforce-client-secret'), refresh_token: secret('salesforce-refresh-token'), is_sandbox: false, start_date: START_DATE },
      streams: salesforce.streams.map((name) => ({ name, syncMode: 'incremental_deduped_history' as const, cursorField: ['SystemModstamp'], primaryKey: [['Id']] })),
      schedule: hourly(),
    },
    {
      name: 'stripe',
      type: stripe.type,
      prefix: stripe.prefix,
      config: { account_id: 'acct_rainshield', client_secret: secret('stripe-secret-key'), start_date: START_DATE },
      streams: stripe.streams.map((name) => ({ name, syncMode: 'incremental_deduped_history' as const, cursorField: ['updated'], primaryKey: [['id']] })),
      schedule: hourly(),
    },
    {
      name: 'zendesk',
      type: zendesk.type,
      prefix: zendesk.prefix,
      config: { subdomain: 'rainshield', start_date: START_DATE, credentials: { credentials: 'api_token', email: 'support@rainshield.example', api_token: secret('zendesk-api-token') } },
      streams: zendesk.streams.map((name) => ({ name, syncMode: 'incremental_deduped_history' as const, cursorField: ['updated_at'], primaryKey: [['id']] })),
      schedule: hourly(),
    },
  ];
}

export function rainShieldPreset(options: RainShieldOptions): PipelineSpec {
  const prefix = options.secretPrefix ?? 'rain-shield';
  const secret = (what: string) => secretRef(`${prefix}-${what}`);
  const { host, port, database, username } = options.warehouse;
  return {
    name: options.name ?? 'Rain Shield',
    slug: options.slug ?? 'rain-shield',
    target: options.target === 'sandbox' ? { kind: 'sandbox' } : { kind: 'aws', accountId: options.accountId, region: options.region, accessKeyId: options.accessKeyId, credentials: secret('aws') },
    warehouse: {
      type: 'postgres',
      config: { host, port, database, username, password: secret('warehouse-password'), schema: RAW_SCHEMA, ssl_mode: { mode: options.target === 'sandbox' ? 'disable' : 'require' } },
    },
    sources: sources(secret),
    transformation: { kind: 'dbt_core_ecs', models: 'unified_users' },
    destinations: [
      {
        name: 'mailchimp',
        type: 'mailchimp',
        config: { app: { apiKey: secret('mailchimp-api-key') }, destination: { listId: 'rainshield-users' } },
        mapping: { email_address: 'email', FNAME: 'first_name', LNAME: 'last_name' },
      },
      {
        name: 'salesforce',
        type: 'salesforce',
        config: {
          app: { username: 'integration@rainshield.example', password: secret('salesforce-password'), securityToken: secret('salesforce-security-token'), salesforceDomain: 'https://login.salesforce.com' },
          destination: { primaryKey: 'Email' },
        },
        mapping: { Email: 'email', FirstName: 'first_name', LastName: 'last_name' },
      },
    ],
  };
}
