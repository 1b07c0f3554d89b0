// Airbyte's connector definition ids for the connectors Tapestry offers: Airbyte's own, fixed ids
// (airbyte-platform's NameToDefinitionMapper maps the public API's `sourceType` names to them),
// needed because the configuration API's check calls name connectors by definition id.
export const SOURCE_DEFINITION_IDS: Readonly<Record<string, string>> = {
  stripe: 'e094cb9a-26de-4645-8761-65c0c425d1de',
  salesforce: 'b117307c-14b6-41aa-9422-947e34922962',
  'zendesk-support': '79c1aa37-dae3-42ae-b333-d1c105477715',
  zoom: 'cbfd9856-1322-44fb-bcf1-0b39b7a8e92e',
  hubspot: '36c891d9-4bd9-43ac-bad2-10e12756272c',
  postgres: 'decd338e-5647-4c0b-adf4-da0e75f5a750',
  faker: 'dfd88b22-b603-4c3d-aad7-3701784586b1',
};

export const DESTINATION_DEFINITION_IDS: Readonly<Record<string, string>> = {
  snowflake: '424892c4-daac-4491-b35d-c6688ba547ba',
  postgres: '25c5221d-dce2-4163-ade9-739ef790f503',
};
