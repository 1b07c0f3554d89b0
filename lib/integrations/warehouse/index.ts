export { bootstrapStatements, bootstrapWarehouse, teardownWarehouse } from './warehouse-bootstrap';
export { warehousePlanFor, ownershipMarker } from './plan';
export { quotePostgresIdentifier, quoteSnowflakeIdentifier } from './identifiers';
export {
  SERVICE_PASSWORD_BIND,
  type AdminConnectionConfig,
  type ObjectOutcome,
  type ObjectReport,
  type ObjectType,
  type PostgresAdminConfig,
  type ReviewStatement,
  type SnowflakeAdminConfig,
  type WarehousePlan,
} from './types';
