// The Airbyte connector catalog the wizard offers: configuration schemas from the generated file
// (made from Airbyte's official API documents by scripts/contracts/airbyte-connectors.ts) and, per
// connector, what Tapestry shows around it — name, icon, category. The `Record` types below make a
// regenerated catalog with a new connector fail type checking until it has its display entry.
import catalog from './airbyte-connectors.generated.json';
import { AppError } from '@/lib/errors';
import type { ConnectorKind } from './form-model';
import type { SchemaNode } from './schema-nodes';

export type AirbyteSourceType = keyof typeof catalog.sources;
export type AirbyteDestinationType = keyof typeof catalog.destinations;

export type ConnectorCategory = 'Payments' | 'CRM' | 'Support' | 'Meetings' | 'Database' | 'Sample data' | 'Warehouse';

export interface ConnectorSummary {
  kind: ConnectorKind;
  /** Airbyte's connector type: the `sourceType` / `destinationType` value. */
  type: string;
  displayName: string;
  /** Name of the icon the UI shows (one icon per vendor, shared between source and destination). */
  iconKey: string;
  category: ConnectorCategory;
}

type Display = Omit<ConnectorSummary, 'kind' | 'type'>;

const SOURCES: Record<AirbyteSourceType, Display> = {
  stripe: { displayName: 'Stripe', iconKey: 'stripe', category: 'Payments' },
  salesforce: { displayName: 'Salesforce', iconKey: 'salesforce', category: 'CRM' },
  'zendesk-support': { displayName: 'Zendesk Support', iconKey: 'zendesk', category: 'Support' },
  zoom: { displayName: 'Zoom', iconKey: 'zoom', category: 'Meetings' },
  hubspot: { displayName: 'HubSpot', iconKey: 'hubspot', category: 'CRM' },
  postgres: { displayName: 'Postgres', iconKey: 'postgres', category: 'Database' },
  faker: { displayName: 'Sample data (Faker)', iconKey: 'faker', category: 'Sample data' },
};

const DESTINATIONS: Record<AirbyteDestinationType, Display> = {
  snowflake: { displayName: 'Snowflake', iconKey: 'snowflake', category: 'Warehouse' },
  postgres: { displayName: 'Postgres', iconKey: 'postgres', category: 'Warehouse' },
};

const DISPLAY: Record<ConnectorKind, Record<string, Display>> = { source: SOURCES, destination: DESTINATIONS };
const SCHEMAS: Record<ConnectorKind, Record<string, SchemaNode>> = {
  source: catalog.sources,
  destination: catalog.destinations,
};

/** The configuration property naming the connector type, which Airbyte's public API requires. */
export function typeProperty(kind: ConnectorKind): 'sourceType' | 'destinationType' {
  return kind === 'source' ? 'sourceType' : 'destinationType';
}

export function isConnectorType(kind: ConnectorKind, type: string): boolean {
  return Object.hasOwn(SCHEMAS[kind], type);
}

/** Every connector of a kind, in the catalog's order. */
export function listConnectors(kind: ConnectorKind): ConnectorSummary[] {
  return Object.entries(DISPLAY[kind]).map(([type, display]) => ({ kind, type, ...display }));
}

export function connectorSummary(kind: ConnectorKind, type: string): ConnectorSummary | undefined {
  const display = Object.hasOwn(DISPLAY[kind], type) ? DISPLAY[kind][type] : undefined;
  return display && { kind, type, ...display };
}

/** The connector's configuration schema as generated; throws NOT_FOUND for a type not offered. */
export function connectorSchema(kind: ConnectorKind, type: string): SchemaNode {
  const schema = isConnectorType(kind, type) ? SCHEMAS[kind][type] : undefined;
  if (!schema) throw new AppError('NOT_FOUND', `No ${kind} connector of type "${type}" in the catalog.`);
  return schema;
}
