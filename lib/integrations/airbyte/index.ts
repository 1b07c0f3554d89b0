export { AirbyteClient, createAirbyteClient, type AirbyteConfig } from './client';
export { checkDestinationConnection, checkSourceConnection, type CheckDetail } from './check-connection';
export { DESTINATION_DEFINITION_IDS, SOURCE_DEFINITION_IDS } from './definitions';
