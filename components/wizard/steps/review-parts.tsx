// The review's account of what will be created, one group per part of the pipeline, read from the
// draft the browser holds (so it is current to the last keystroke) and the forms the page was
// given for labels. Drafts may be incomplete: whatever is there shows, nothing is assumed.
import type { ReactNode } from 'react';
import { getAt } from '@/lib/pipeline/catalog/config-paths';
import { textFromValue, visibleFields } from '@/lib/pipeline/catalog/field-check';
import type { ConnectorForm, JsonObject } from '@/lib/pipeline/catalog/form-model';
import { recordOf, recordsOf, textOf } from '@/lib/pipeline/spec/draft-values';
import { SYNC_MODE_LABELS } from '@/lib/pipeline/spec/stream-rows';
import { scheduleText } from '@/components/pipelines/schedule-text';
import { TargetBadge } from '@/components/pipelines/target-badge';
import { cellClass, Table } from '@/components/ui/table';
import type { JsonPart, WizardCatalog } from '../step-props';

export function Group({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-line bg-surface p-4">
      <h3 className="mb-2 flex flex-wrap items-center gap-2 font-semibold">{title}</h3>
      <div className="space-y-2 text-sm">{children}</div>
    </section>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[minmax(9rem,14rem)_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted">{label}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The settings as typed, labelled by the form; secrets are listed with the credentials instead. */
function Settings({ form, config }: { form: ConnectorForm | undefined; config: JsonObject }) {
  const rows = form
    ? visibleFields(form, config)
        .filter((f) => !f.secret && getAt(config, f.path) !== undefined)
        .map((f): [string, ReactNode] => [f.label, textFromValue(f, getAt(config, f.path))])
    : [];
  if (rows.length === 0) return null;
  return (
    <details>
      <summary className="cursor-pointer text-muted">Settings ({rows.length})</summary>
      <div className="mt-2">
        <Facts rows={rows} />
      </div>
    </details>
  );
}

const nameOf = (list: { type: string; displayName: string }[], type: unknown) => list.find((c) => c.type === type)?.displayName ?? (textOf(type) || 'Not chosen yet');
const formOf = (list: { type: string; form: ConnectorForm }[], type: unknown) => list.find((c) => c.type === type)?.form;

function TargetGroup({ target }: { target: JsonObject }) {
  if (target.kind === 'aws')
    return (
      <Group title={<>Target <TargetBadge target="AWS" region={textOf(target.region)} /></>}>
        <Facts rows={[['AWS account ID', textOf(target.accountId)], ['Region', textOf(target.region)], ['Access key ID', textOf(target.accessKeyId)]]} />
      </Group>
    );
  return (
    <Group title={<>Target {target.kind === 'sandbox' && <TargetBadge target="SANDBOX" />}</>}>
      <p>{target.kind === 'sandbox' ? 'The local sandbox beside Tapestry: its stand-ins play AWS, Airbyte, dbt Cloud and Snowflake. No cloud account is used.' : 'Not chosen yet.'}</p>
    </Group>
  );
}

function streamsText(streams: unknown): ReactNode {
  if (!Array.isArray(streams)) return 'All streams, in their default sync modes';
  return (
    <ul>
      {recordsOf(streams).map((s, i) => (
        <li key={`${i}-${textOf(s.name)}`}>
          <code className="font-mono text-xs">{textOf(s.name) || '(unnamed)'}</code> · {SYNC_MODE_LABELS[textOf(s.syncMode) as keyof typeof SYNC_MODE_LABELS] ?? 'no sync mode'}
        </li>
      ))}
    </ul>
  );
}

function transformationRows(t: JsonObject): [string, ReactNode][] {
  const select: [string, ReactNode][] = Array.isArray(t.select) ? [['Select', t.select.map(textOf).join(', ')]] : [];
  if (t.kind === 'dbt_cloud') return [['Runs as', 'a dbt Cloud job'], ['dbt Cloud account ID', textOf(t.accountId)], ['Job name', textOf(t.jobName)], ...select];
  if (t.kind !== 'dbt_core_ecs') return [['Runs as', 'Not chosen yet']];
  const git = recordOf(t.models);
  const models = t.models === 'unified_users' ? 'Tapestry’s unified users models (email-keyed, names coalesced across sources)' : `${textOf(git.repository)} @ ${textOf(git.branch)}, folder ${textOf(git.path)}`;
  return [['Runs as', 'dbt Core, a task in the pipeline’s ECS cluster'], ['Models', models], ...select];
}

function MappingTable({ mapping, name }: { mapping: JsonObject; name: string }) {
  const rows = Object.entries(mapping);
  if (rows.length === 0) return <p className="text-muted">No fields mapped yet.</p>;
  return (
    <Table caption={`Mapping of ${name}`} captionHidden columns={[{ label: 'Destination field' }, { label: 'From unified users column' }]}>
      {rows.map(([field, column]) => (
        <tr key={field}>
          <td className={`${cellClass} font-mono text-xs`}>{field}</td>
          <td className={`${cellClass} font-mono text-xs`}>{textOf(column)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function ReviewParts({ draft, catalog }: { draft: JsonPart; catalog: WizardCatalog }) {
  const warehouse = recordOf(draft.warehouse);
  const sources = recordsOf(draft.sources);
  const destinations = recordsOf(draft.destinations);
  return (
    <div className="space-y-4">
      <Group title="Pipeline">
        <Facts rows={[['Name', textOf(draft.name)], ['Slug', <code key="slug" className="font-mono text-xs">{textOf(draft.slug)}</code>]]} />
      </Group>
      <TargetGroup target={recordOf(draft.target)} />
      <Group title={`Warehouse · ${nameOf(catalog.warehouses, warehouse.type)}`}>
        <p className="text-muted">Airbyte loads every source into it; dbt builds the unified users model there.</p>
        <Settings form={formOf(catalog.warehouses, warehouse.type)} config={recordOf(warehouse.config)} />
      </Group>
      {sources.length === 0 && <Group title="Sources">No sources yet.</Group>}
      {sources.map((s, i) => (
        <Group key={`source-${i}`} title={`Source ${textOf(s.name) || i + 1} · ${nameOf(catalog.sources, s.type)}`}>
          <Facts
            rows={[
              ['Streams', streamsText(s.streams)],
              ['Schedule', scheduleText(s.schedule)],
              ...(textOf(s.prefix) ? ([['Table prefix', <code key="prefix" className="font-mono text-xs">{textOf(s.prefix)}</code>]] as [string, ReactNode][]) : []),
            ]}
          />
          <Settings form={formOf(catalog.sources, s.type)} config={recordOf(s.config)} />
        </Group>
      ))}
      <Group title="Transformation">
        <Facts rows={transformationRows(recordOf(draft.transformation))} />
      </Group>
      {destinations.length === 0 && <Group title="Destinations">None: unified users stay in the warehouse.</Group>}
      {destinations.map((d, i) => {
        const name = `Destination ${textOf(d.name) || i + 1} · ${nameOf(catalog.destinations, d.type)}`;
        return (
          <Group key={`destination-${i}`} title={name}>
            <MappingTable mapping={recordOf(d.mapping)} name={name} />
            <Settings form={formOf(catalog.destinations, d.type)} config={recordOf(d.config)} />
          </Group>
        );
      })}
    </div>
  );
}
