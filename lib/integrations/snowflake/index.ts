export { createSnowflakeConnection, type SnowflakeConfig } from './connection';
export { testSnowflake, type SnowflakeDetail } from './test-snowflake';
export { isRetryableSnowflakeError, toSnowflakeIntegrationError } from './errors';
