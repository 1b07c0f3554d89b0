export { testPostgresWarehouse, type PostgresSslMode, type PostgresWarehouseConfig, type PostgresWarehouseDetail } from './test-warehouse';
export { isRetryablePostgresError, toPostgresIntegrationError } from './errors';
