// The "unified users" dbt project Tapestry ships (transformation `models: unified_users`): the
// project file, the raw source declaration and the models.
import type { DbtModelFile } from './model-file';
import { RAW_SCHEMA, rawTables } from './raw-tables';
import { STAGING_MODELS } from './staging-models';
import { UNIFIED_USERS_MODEL } from './unified-users-model';

export type { DbtModelFile } from './model-file';
export { RAW_SCHEMA, RAW_STREAMS, rawTables } from './raw-tables';
export { NAME_PRECEDENCE } from './unified-users-model';

export const UNIFIED_USERS_MODEL_FILES: readonly DbtModelFile[] = [...STAGING_MODELS, UNIFIED_USERS_MODEL];

export interface ProjectFile {
  path: string;
  content: string;
}

/** dbt_project.yml and the sources file, so `dbt run` works on the folder as written. */
export function unifiedUsersProjectFiles(): ProjectFile[] {
  // Salesforce's tables keep their capitals (`salesforce_Contact`), so identifiers are quoted.
  const tables = rawTables().map((name) => `      - name: ${name}`).join('\n');
  return [
    { path: 'dbt_project.yml', content: "name: unified_users\nversion: '1.0.0'\nconfig-version: 2\nprofile: tapestry\nmodel-paths: ['models']\n" },
    {
      path: 'models/staging/sources.yml',
      content: `version: 2\nsources:\n  - name: raw\n    schema: ${RAW_SCHEMA}\n    quoting:\n      identifier: true\n    tables:\n${tables}\n`,
    },
    ...UNIFIED_USERS_MODEL_FILES.map((m) => ({ path: m.path, content: m.rawCode })),
  ];
}
