export { DbtCloudClient, type DbtCloudConfig } from './client';
export type { EnsureJobInput } from './jobs';
export { dbtCloudPort, type DbtCloudPort } from './port';
export type { DbtRun, DbtRunResults } from './runs';
export { RUN_STATUS, type DbtRunStatus } from './schemas';
