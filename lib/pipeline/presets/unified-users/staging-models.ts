// One staging model per source: its people with a normalised email (trimmed, lower-cased) and
// first/last names, blanks as NULL. Column names are the streams' own (Salesforce's are
// capitalised, hence quoted). Sources that only have a full name are split on the first space.
// Staging models are tables, not views: Airbyte's Postgres destination replaces a full-refresh
// stream's table with DROP TABLE (no CASCADE), which fails while a view reads it, so a view here
// would make the next Zoom sync fail (airbytehq/airbyte#35386). A table copies the rows instead.
import type { DbtModelFile } from './model-file';

const FIRST_OF = (column: string) => `nullif(trim(split_part(trim(${column}), ' ', 1)), '')`;
const REST_OF = (column: string) => `nullif(trim(substr(trim(${column}), length(split_part(trim(${column}), ' ', 1)) + 1)), '')`;

function staging(name: string, comment: string, select: string): DbtModelFile {
  return { name, path: `models/staging/${name}.sql`, rawCode: `{{ config(materialized='table') }}\n{# ${comment} #}\n${select.trim()}\n` };
}

/** A source that keeps one name field (`name`) for a person. */
function fullNameStaging(name: string, comment: string, table: string): DbtModelFile {
  return staging(
    name,
    comment,
    `
select lower(trim(email)) as email, ${FIRST_OF('name')} as first_name, ${REST_OF('name')} as last_name
from {{ source('raw', '${table}') }}
where nullif(trim(email), '') is not null`,
  );
}

export const STAGING_MODELS: DbtModelFile[] = [
  staging(
    'stg_zoom_people',
    'Zoom account users and webinar registrants.',
    `
select lower(trim(email)) as email, nullif(trim(first_name), '') as first_name, nullif(trim(last_name), '') as last_name
from {{ source('raw', 'zoom_users') }}
where nullif(trim(email), '') is not null
union all
select lower(trim(email)) as email, nullif(trim(first_name), '') as first_name, nullif(trim(last_name), '') as last_name
from {{ source('raw', 'zoom_webinar_registrants') }}
where nullif(trim(email), '') is not null`,
  ),
  staging(
    'stg_salesforce_contacts',
    'Salesforce contacts; CRM emails are typed by hand, so case varies.',
    `
select lower(trim("Email")) as email, nullif(trim("FirstName"), '') as first_name, nullif(trim("LastName"), '') as last_name
from {{ source('raw', 'salesforce_Contact') }}
where nullif(trim("Email"), '') is not null`,
  ),
  fullNameStaging('stg_stripe_customers', 'Stripe customers: one name field.', 'stripe_customers'),
  fullNameStaging('stg_zendesk_users', 'Zendesk Support users: one name field.', 'zendesk_users'),
];
