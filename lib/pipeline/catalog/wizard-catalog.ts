import 'server-only';
// Everything the wizard's step editors render from, built on the server from the real connector
// schemas and handed to the client as plain data, so the browser never bundles the catalog JSON
// or the schema code (PERF-1). The forms never change while the server runs: built once.
import type { WizardCatalog } from '@/components/wizard/step-props';
import { sandboxConnection } from '@/lib/integrations/sandbox';
import { AWS_REGIONS } from '@/lib/pipeline/spec/aws-regions';
import { listConnectors } from './connectors';
import { grouparooDestinationForm, listGrouparooDestinations, UNIFIED_USER_COLUMNS } from './grouparoo-destinations';
import { formForConnector } from './schema-to-form';

type StaticCatalog = Omit<WizardCatalog, 'sandboxAvailable'>;

function build(): StaticCatalog {
  return {
    sources: listConnectors('source').map(({ type, displayName, category }) => ({ type, displayName, category, form: formForConnector('source', type) })),
    warehouses: listConnectors('destination').map(({ type, displayName }) => ({ type, displayName, form: formForConnector('destination', type) })),
    destinations: listGrouparooDestinations().map((d) => ({
      type: d.type,
      displayName: d.displayName,
      form: grouparooDestinationForm(d.type),
      // The destination's own field names are what its users know (Mailchimp's FNAME, Salesforce's LastName).
      mapping: d.mapping.map((m) => ({ field: m.field, label: m.field, required: m.required, suggested: m.from })),
    })),
    unifiedUserColumns: [...UNIFIED_USER_COLUMNS],
    awsRegions: [...AWS_REGIONS],
  };
}

let built: StaticCatalog | undefined;

/** The wizard's catalog; `sandboxAvailable` is read on each call, since the sandbox may start after the app. */
export function wizardCatalog(): WizardCatalog {
  built ??= build();
  return { ...built, sandboxAvailable: sandboxConnection() !== undefined };
}
