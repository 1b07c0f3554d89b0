// The warehouse: Airbyte's destination connector (snowflake or postgres) the sources land in and
// dbt builds on. Its config is the Airbyte destination's own configuration.
import { z } from 'zod';
import { ConnectorConfigSchema } from './config';

export const WAREHOUSE_TYPES = ['snowflake', 'postgres'] as const;
export type WarehouseType = (typeof WAREHOUSE_TYPES)[number];

export const WarehouseSchema = z.strictObject({
  type: z.enum(WAREHOUSE_TYPES),
  config: ConnectorConfigSchema,
});

export type Warehouse = z.infer<typeof WarehouseSchema>;
