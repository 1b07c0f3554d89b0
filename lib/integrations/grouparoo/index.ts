export { GrouparooClient, type GrouparooConfig } from './client';
export { grouparooSetup } from './setup';
export type {
  DestinationInput,
  EnsuredPipeline,
  ExportCounts,
  GrouparooSetup,
  PipelineInput,
  RunView,
  SnowflakeAppOptions,
  UnifiedUsersTable,
  WarehouseApp,
  WarehouseAppOptions,
} from './types';
