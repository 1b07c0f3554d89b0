export { AirbyteClient, airbyteHttpStatus, createAirbyteClient, type AirbyteConfig } from './client';
export { checkDestinationConnection, checkSourceConnection, type CheckDetail } from './check-connection';
export { DESTINATION_DEFINITION_IDS, SOURCE_DEFINITION_IDS } from './definitions';
export { airbyteJobs, type AirbyteJob, type AirbyteJobs, type AirbyteJobStatus } from './jobs';
export { airbyteProvisioner, type AirbyteProvisioner, type ConnectionInput, type ConnectionSchedule, type StreamSetting } from './provision';
