// Every component's settings as label/value pairs. Secrets appear only as the credential they
// name, "Set ✓" when it is stored and "Missing" when not; their values never reach this page.
import type { ReactNode } from 'react';
import { UNIFIED_USERS_MODELS } from '@/lib/pipeline/spec/transformation';
import { connectorName } from './connector-names';
import { connectorShape, settingRows, type SettingRow, type SettingsShape } from './config-rows';
import type { PipelineView } from './pipeline-view';
import { scheduleText } from './schedule-text';
import { TargetBadge } from './target-badge';

const shape = (labels: Record<string, string>, secrets: string[] = []): SettingsShape => ({ labels: new Map(Object.entries(labels)), secrets: new Set(secrets) });

const TARGET = shape({ accountId: 'AWS account ID', region: 'Region', accessKeyId: 'Access key ID', credentials: 'Secret access key' }, ['credentials']);
const TRANSFORMATION = shape(
  { accountId: 'dbt Cloud account ID', jobName: 'Job name', apiToken: 'API token', models: 'Models', select: 'Select', 'models.repository': 'Repository', 'models.branch': 'Branch', 'models.path': 'Project folder' },
  ['apiToken'],
);

function SecretStatus({ credential, stored }: { credential?: string; stored: ReadonlySet<string> }) {
  const set = credential !== undefined && stored.has(credential);
  return (
    <>
      {set ? <span className="font-medium text-success">Set ✓</span> : <span className="font-medium text-danger">Missing</span>}
      {credential && (
        <>
          {' · '}
          <code className="font-mono text-xs">{credential}</code>
        </>
      )}
    </>
  );
}

function Rows({ rows, stored }: { rows: SettingRow[]; stored: ReadonlySet<string> }) {
  if (rows.length === 0) return <p className="text-sm text-muted">Nothing set yet.</p>;
  return (
    <dl className="grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-[minmax(10rem,16rem)_1fr]">
      {rows.map((row) => (
        <div key={row.path} className="contents">
          <dt className="text-muted">{row.label}</dt>
          <dd className="break-words">{row.value.kind === 'secret' ? <SecretStatus credential={row.value.credential} stored={stored} /> : row.value.text}</dd>
        </div>
      ))}
    </dl>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-line bg-surface p-4">
      <h3 className="mb-3 font-semibold">{title}</h3>
      {children}
    </section>
  );
}

const NONE: Record<string, unknown> = {};

const text = (path: string, label: string, value: string): SettingRow => ({ path, label, value: { kind: 'text', text: value } });

export function PipelineSettings({ view, credentials }: { view: PipelineView; credentials: readonly string[] }) {
  const stored = new Set(credentials);
  const { target, warehouse, transformation } = view;
  const { kind: targetKind, ...targetSettings } = target ?? NONE;
  const { kind: _kind, ...transformationSettings } = transformation ?? NONE;
  if (transformationSettings.models === UNIFIED_USERS_MODELS) transformationSettings.models = 'Tapestry’s unified users models';
  return (
    <div className="space-y-4">
      <Group title="Target">
        {targetKind === 'aws' ? (
          <Rows rows={settingRows(targetSettings, TARGET)} stored={stored} />
        ) : (
          <p className="flex flex-wrap items-center gap-2 text-sm">
            {targetKind === 'sandbox' ? (
              <>
                <TargetBadge target="SANDBOX" /> The local sandbox that runs beside Tapestry: no cloud account involved.
              </>
            ) : (
              'Not chosen yet.'
            )}
          </p>
        )}
      </Group>
      {warehouse && (
        <Group title={`Warehouse · ${connectorName('warehouse', warehouse.type)}`}>
          <Rows rows={settingRows(warehouse.config, connectorShape('warehouse', warehouse.type))} stored={stored} />
        </Group>
      )}
      {view.sources.map((s, i) => (
        <Group key={`${i}-${s.name}`} title={`Source ${s.name} · ${connectorName('source', s.type)}`}>
          <Rows
            rows={[
              text('_streams', 'Streams', s.streams === null ? 'All streams, in their default sync modes' : s.streams.join(', ')),
              text('_schedule', 'Schedule', scheduleText(s.schedule)),
              ...(s.prefix ? [text('_prefix', 'Table prefix', s.prefix)] : []),
              ...settingRows(s.config, connectorShape('source', s.type)),
            ]}
            stored={stored}
          />
        </Group>
      ))}
      {transformation && (
        <Group title="Transformation">
          <Rows rows={settingRows(transformationSettings, TRANSFORMATION)} stored={stored} />
        </Group>
      )}
      {view.destinations.map((d, i) => (
        <Group key={`${i}-${d.name}`} title={`Destination ${d.name} · ${connectorName('destination', d.type)}`}>
          <Rows
            rows={[
              ...settingRows(d.config, connectorShape('destination', d.type)),
              ...d.mapping.map(([field, column]) => text(`_mapping.${field}`, `Field ${field}`, `from unified users ${column}`)),
            ]}
            stored={stored}
          />
        </Group>
      ))}
    </div>
  );
}
