// The secrets a draft needs, as the review lists them: every secret field on screen in the
// wizard (the chosen option of each choice only, as the forms show it), with the credential its
// reference names, if any. Client-side, from the forms the page was given; the server's
// secretPlaces (lib/pipeline/spec/draft-secrets.ts) knows every place a secret may go, and a unit
// test holds this list inside that one.
import { getAt } from '@/lib/pipeline/catalog/config-paths';
import { visibleFields } from '@/lib/pipeline/catalog/field-check';
import type { ConnectorForm } from '@/lib/pipeline/catalog/form-model';
import { recordOf, recordsOf, textOf } from '@/lib/pipeline/spec/draft-values';
import type { JsonPart, WizardCatalog } from './step-props';

export interface SecretPlace {
  /** Draft path, as saveDraftSecret takes it: `sources[0].config.client_secret`. */
  path: string;
  /** Whose and which: "Source zoom · Client secret". */
  label: string;
  required: boolean;
  /** The credential the draft names there, if any (it may not be stored yet). */
  credential?: string;
}

function credentialAt(value: unknown): string | undefined {
  const name = recordOf(value).secret;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

type Forms = Pick<WizardCatalog, 'sources' | 'warehouses' | 'destinations'>;

function formPlaces(form: ConnectorForm | undefined, config: JsonPart, at: string, owner: string): SecretPlace[] {
  if (!form) return [];
  return visibleFields(form, config)
    .filter((f) => f.secret)
    .map((f) => ({ path: `${at}.${f.path}`, label: `${owner} · ${f.label}`, required: f.required, credential: credentialAt(getAt(config, f.path)) }));
}

export function secretPlacesOf(draft: JsonPart, catalog: Forms): SecretPlace[] {
  const target = recordOf(draft.target);
  const warehouse = recordOf(draft.warehouse);
  const transformation = recordOf(draft.transformation);
  const formOf = (list: { type: string; form: ConnectorForm }[], type: unknown) => list.find((c) => c.type === type)?.form;
  return [
    ...(target.kind === 'aws' ? [{ path: 'target.credentials', label: 'AWS account · Secret access key', required: true, credential: credentialAt(target.credentials) }] : []),
    ...formPlaces(formOf(catalog.warehouses, warehouse.type), recordOf(warehouse.config), 'warehouse.config', 'Warehouse'),
    ...recordsOf(draft.sources).flatMap((s, i) =>
      formPlaces(formOf(catalog.sources, s.type), recordOf(s.config), `sources[${i}].config`, `Source ${textOf(s.name) || i + 1}`),
    ),
    ...(transformation.kind === 'dbt_cloud'
      ? [{ path: 'transformation.apiToken', label: 'dbt Cloud · API token', required: true, credential: credentialAt(transformation.apiToken) }]
      : []),
    ...recordsOf(draft.destinations).flatMap((d, i) =>
      formPlaces(formOf(catalog.destinations, d.type), recordOf(d.config), `destinations[${i}].config`, `Destination ${textOf(d.name) || i + 1}`),
    ),
  ];
}

/** The places to list: set ones, required ones, and any naming a credential (stored or not). */
export function listedSecrets(places: SecretPlace[]): SecretPlace[] {
  return places.filter((p) => p.required || p.credential !== undefined);
}
