import 'server-only';
// Display names of the connectors a pipeline names, from the catalog (server only: the catalog
// carries the connectors' schemas). An unknown type, e.g. from a hand-edited draft, shows as is.
import { connectorSummary } from '@/lib/pipeline/catalog/connectors';
import { grouparooDestination, isGrouparooDestinationType } from '@/lib/pipeline/catalog/grouparoo-destinations';

export type ConnectorRole = 'source' | 'warehouse' | 'destination';

export function connectorName(role: ConnectorRole, type: string): string {
  if (role === 'destination') return isGrouparooDestinationType(type) ? grouparooDestination(type).displayName : type;
  return connectorSummary(role === 'source' ? 'source' : 'destination', type)?.displayName ?? type;
}
