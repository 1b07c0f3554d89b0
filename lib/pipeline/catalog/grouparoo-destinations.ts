// The reverse-ETL destinations Tapestry configures in Grouparoo (0.9): per destination, the
// Grouparoo app (account settings) and export connection (destination settings) its plugin
// registers, as a schema in the catalog's dialect so the same form, validation and redaction apply,
// and which fields of the unified users model each needs mapped.
//
// Settings follow the plugins' `registerPlugin` option lists (grouparoo/grouparoo,
// plugins/@grouparoo/{mailchimp,salesforce,hubspot,zendesk,postgres}/src/initializers/plugin.ts and
// their export connections); the option keys are Grouparoo's own, since they are sent to its API as
// is. Where Tapestry asks more than Grouparoo does, the entry says why.
import type { ConfigValidation, ConnectorForm, JsonObject } from './form-model';
import type { SchemaNode } from './schema-nodes';
import { allFields, formForSchema } from './schema-to-form';
import { redactSecretsBySchema } from './secrets';
import { validateAgainstSchema, type ValidateOptions } from './validate-config';

export type GrouparooDestinationType = 'mailchimp' | 'salesforce' | 'hubspot' | 'zendesk' | 'postgres';

/** The columns of the unified users model (email-keyed) that destinations are mapped from. */
export const UNIFIED_USER_COLUMNS = ['email', 'first_name', 'last_name', 'full_name'] as const;
export type UnifiedUserColumn = (typeof UNIFIED_USER_COLUMNS)[number];

export interface MappingField {
  /** The destination's field: a Mailchimp merge tag, a Salesforce Contact field, a column, … */
  field: string;
  /** Grouparoo's type for the field. */
  type: 'email' | 'string';
  /** Grouparoo refuses the destination until a required field is mapped. */
  required: boolean;
  /** The unified users column mapped to it unless the user picks another. */
  from: UnifiedUserColumn;
  /** Set when the field's name is itself a setting (Postgres: the table's primary key column). */
  namedBy?: string;
}

export interface GrouparooDestination {
  type: GrouparooDestinationType;
  displayName: string;
  iconKey: string;
  /** The npm package of the Grouparoo plugin that provides it. */
  plugin: string;
  /** Grouparoo's app type (`POST /api/v1/app` `type`). */
  appType: string;
  /** Grouparoo's destination connection type (`POST /api/v1/destination` `type`). */
  connection: string;
  /** Settings as `{ app: {...}, destination: {...} }`: Grouparoo's app options and destination options. */
  schema: SchemaNode;
  mapping: MappingField[];
}

type Props = Record<string, SchemaNode>;

/** An object of settings, displayed in the order written. */
function settings(title: string, properties: Props, required: string[]): SchemaNode {
  const ordered = Object.fromEntries(Object.entries(properties).map(([key, node], order) => [key, { ...node, order }]));
  return { type: 'object', title, properties: ordered, required };
}

const text = (title: string, extra: SchemaNode = {}): SchemaNode => ({ type: 'string', title, ...extra });
const secret = (title: string, extra: SchemaNode = {}): SchemaNode => ({ type: 'string', title, airbyte_secret: true, ...extra });

function destinationSchema(app: SchemaNode, destination: SchemaNode): SchemaNode {
  return { type: 'object', properties: { app: { ...app, order: 0 }, destination: { ...destination, order: 1 } }, required: ['app', 'destination'] };
}

/** Each plugin names its package, app type and icon after the vendor. */
function destination(
  type: GrouparooDestinationType,
  displayName: string,
  connection: string,
  schema: SchemaNode,
  mapping: MappingField[],
): GrouparooDestination {
  return { type, displayName, iconKey: type, plugin: `@grouparoo/${type}`, appType: type, connection, schema, mapping };
}

function needs(field: string, from: UnifiedUserColumn, type: MappingField['type'], namedBy?: string): MappingField {
  return namedBy ? { field, type, required: true, from, namedBy } : { field, type, required: true, from };
}

function offers(field: string, from: UnifiedUserColumn, type: MappingField['type'] = 'string'): MappingField {
  return { field, type, required: false, from };
}

const DESTINATIONS: Record<GrouparooDestinationType, GrouparooDestination> = {
  // The API-key app: Grouparoo's Mailchimp OAuth app needs Grouparoo's hosted OAuth service.
  mailchimp: destination(
    'mailchimp',
    'Mailchimp',
    'mailchimp-export-contacts',
    destinationSchema(
      settings('Mailchimp account', { apiKey: secret('API Key') }, ['apiKey']),
      settings('Audience', { listId: text('Audience (list) ID') }, ['listId']),
    ),
    // FNAME and LNAME: the merge tags every Mailchimp audience starts with.
    [needs('email_address', 'email', 'email'), offers('FNAME', 'first_name'), offers('LNAME', 'last_name')],
  ),
  salesforce: destination(
    'salesforce',
    'Salesforce',
    'salesforce-export-contacts',
    destinationSchema(
      settings(
        'Salesforce account',
        {
          username: text('User Name'),
          password: secret('Password'),
          securityToken: secret('Security Token'),
          salesforceDomain: text('Salesforce Domain', { default: 'https://login.salesforce.com' }),
        },
        ['username', 'password'],
      ),
      settings(
        'Contacts',
        // Email is the Contact field the plugin offers first for matching records.
        { primaryKey: text('Primary Key', { default: 'Email' }), accountKey: text('Account Key') },
        ['primaryKey'],
      ),
    ),
    // Contact.LastName cannot be empty, so the plugin lists it as required to create contacts.
    [needs('Email', 'email', 'email', 'destination.primaryKey'), needs('LastName', 'last_name', 'string'), offers('FirstName', 'first_name')],
  ),
  hubspot: destination(
    'hubspot',
    'HubSpot',
    'hubspot-export-contacts',
    destinationSchema(
      settings('HubSpot account', { hapikey: secret('HubSpot API Key') }, ['hapikey']),
      settings('Contacts', { companyKey: text('Company Key') }, []),
    ),
    [needs('email', 'email', 'email'), offers('firstname', 'first_name'), offers('lastname', 'last_name')],
  ),
  zendesk: destination(
    'zendesk',
    'Zendesk',
    'zendesk-export-users',
    destinationSchema(
      settings(
        'Zendesk account',
        { subdomain: text('Zendesk Subdomain'), username: text('User Name'), token: secret('API Token') },
        ['subdomain', 'username', 'token'],
      ),
      settings('Users', {}, []),
    ),
    // The users model is keyed by email, so the email is the stable external id.
    [needs('external_id', 'email', 'string'), offers('email', 'email', 'email'), offers('name', 'full_name')],
  ),
  postgres: destination(
    'postgres',
    'Postgres',
    'postgres-export-records',
    destinationSchema(
      settings(
        'Postgres database',
        {
          host: text('Host'),
          port: { type: 'integer', title: 'Port', default: 5432, minimum: 1, maximum: 65535 },
          database: text('Database'),
          schema: text('Schema', { default: 'public' }),
          user: text('User'),
          password: secret('Password'),
          ssl: { type: 'boolean', title: 'SSL', default: false },
          ssl_cert: text('SSL Certificate', { multiline: true }),
          // Grouparoo shows the key as plain text; it is a private key, so Tapestry keeps it write-only.
          ssl_key: secret('SSL Key', { multiline: true }),
          ssl_ca: text('SSL Certificate Authority', { multiline: true }),
        },
        // Grouparoo lets host and user fall back to pg's defaults (localhost, the OS user), which
        // on a Grouparoo task in ECS would be the task itself: Tapestry asks for them.
        ['host', 'database', 'user'],
      ),
      settings(
        'Tables',
        {
          table: text('Table'),
          primaryKey: text('Primary Key', { default: 'email' }),
          groupsTable: text('Groups Table'),
          groupForeignKey: text('Group Foreign Key'),
          groupColumnName: text('Group Column Name'),
        },
        ['table', 'primaryKey', 'groupsTable', 'groupForeignKey', 'groupColumnName'],
      ),
    ),
    [needs('email', 'email', 'email', 'destination.primaryKey'), offers('first_name', 'first_name'), offers('last_name', 'last_name')],
  ),
};

export function isGrouparooDestinationType(type: string): type is GrouparooDestinationType {
  return Object.hasOwn(DESTINATIONS, type);
}

/** Every reverse-ETL destination Tapestry offers. */
export function listGrouparooDestinations(): GrouparooDestination[] {
  return Object.values(DESTINATIONS).map((d) => structuredClone(d));
}

export function grouparooDestination(type: GrouparooDestinationType): GrouparooDestination {
  return structuredClone(DESTINATIONS[type]);
}

export function grouparooDestinationForm(type: GrouparooDestinationType): ConnectorForm {
  const d = DESTINATIONS[type];
  return formForSchema(d.schema, { kind: 'grouparoo', type, title: d.displayName });
}

export function validateGrouparooDestinationConfig(type: string, config: unknown, options: ValidateOptions = {}): ConfigValidation {
  if (!isGrouparooDestinationType(type)) return { ok: false, errors: { type: `Not a destination Tapestry offers: ${type}` } };
  return validateAgainstSchema(DESTINATIONS[type].schema, config, options);
}

export function redactGrouparooSecrets(type: GrouparooDestinationType, config: JsonObject): JsonObject {
  return redactSecretsBySchema(DESTINATIONS[type].schema, config);
}

export function grouparooSecretPaths(type: GrouparooDestinationType): string[] {
  return allFields(grouparooDestinationForm(type).fields)
    .filter((f) => f.secret)
    .map((f) => f.path);
}
