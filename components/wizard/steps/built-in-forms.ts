// Forms for the settings Tapestry itself defines (the AWS target, the dbt transformation), in the
// same model as the connector forms, so ConnectorForm renders them with the same labels, inline
// checks and write-only secret fields. Their rules live in lib/pipeline/spec (target.ts,
// transformation.ts), which the server applies on every autosave; the hints here put those rules
// into words, and no pattern is repeated, so the browser can never disagree with the server.
import type { ConnectorForm, FormField } from '@/lib/pipeline/catalog/form-model';

function field(path: string, label: string, more: Partial<FormField> = {}): FormField {
  return { type: 'field', path, key: path, label, kind: 'text', required: true, secret: false, ...more };
}

function form(type: string, title: string, fields: FormField[]): ConnectorForm {
  // `kind` only says where a connector form came from; these come from Tapestry's own spec.
  return { kind: 'destination', type, title, groups: [], fields };
}

export function awsTargetForm(regions: readonly string[]): ConnectorForm {
  return form('aws', 'AWS account', [
    field('accountId', 'AWS account ID', { patternHint: '12 digits', placeholder: '123456789012' }),
    field('region', 'Region', { kind: 'enum', options: regions.map((r) => ({ value: r, label: r })) }),
    field('accessKeyId', 'Access key ID', { patternHint: '20 characters starting with AKIA (or ASIA)', placeholder: 'AKIA…' }),
    field('credentials', 'Secret access key', { kind: 'secret', secret: true }),
  ]);
}

export const GIT_MODELS_FORM = form('git', 'dbt project in git', [
  field('repository', 'Repository', { patternHint: 'https://… or git@…', placeholder: 'https://github.com/acme/analytics.git' }),
  field('branch', 'Branch', { placeholder: 'main' }),
  field('path', 'Project folder', { placeholder: '.', patternHint: 'the folder holding dbt_project.yml, e.g. . or transform/dbt' }),
]);

export const DBT_CLOUD_FORM = form('dbt_cloud', 'dbt Cloud job', [
  field('accountId', 'dbt Cloud account ID', { patternHint: 'a number, as in your dbt Cloud URL …/accounts/12345/', placeholder: '12345' }),
  field('jobName', 'Job name', { placeholder: 'Build unified users' }),
  field('apiToken', 'API token', { kind: 'secret', secret: true }),
]);
