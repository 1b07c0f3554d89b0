// One row per person, keyed by lower-cased email, with the columns destinations map from
// (UNIFIED_USER_COLUMNS). Names are coalesced across sources in order of how carefully each
// system keeps them: the CRM first, then Zoom (separate first/last fields), then the sources that
// only hold a full name. `coalesce` + `max(case …)` rather than FILTER so the model runs on
// Snowflake as on PostgreSQL.
import type { DbtModelFile } from './model-file';

/** Staging model → its place in the name precedence. */
export const NAME_PRECEDENCE = ['stg_salesforce_contacts', 'stg_zoom_people', 'stg_stripe_customers', 'stg_zendesk_users'] as const;

function pick(column: string): string {
  const ranked = NAME_PRECEDENCE.map((model) => `max(case when origin = '${model}' then ${column} end)`);
  return `coalesce(\n      ${ranked.join(',\n      ')}\n    ) as ${column}`;
}

const unions = NAME_PRECEDENCE.map((model) => `  select email, first_name, last_name, '${model}' as origin from {{ ref('${model}') }}`).join('\n  union all\n');

export const UNIFIED_USERS_MODEL: DbtModelFile = {
  name: 'unified_users',
  path: 'models/unified_users.sql',
  rawCode: `{{ config(materialized='table') }}
{# One row per person across Zoom, Salesforce, Stripe and Zendesk, matched on lower(email). #}
with people as (
${unions}
),
named as (
  select
    email,
    ${pick('first_name')},
    ${pick('last_name')}
  from people
  group by email
)
select
  email,
  first_name,
  last_name,
  nullif(trim(concat_ws(' ', first_name, last_name)), '') as full_name
from named
`,
};
