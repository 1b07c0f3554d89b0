// The pipeline's stages left to right, as data flows: sources → warehouse → transformation →
// destinations, one card per component with what a data engineer checks first.
import type { ReactNode } from 'react';
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { UNIFIED_USERS_MODELS } from '@/lib/pipeline/spec/transformation';
import { connectorName } from './connector-names';
import type { PipelineView } from './pipeline-view';
import { scheduleText } from './schedule-text';

function Card({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <li className="rounded-md border border-line bg-surface p-3 text-sm">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-1 space-y-0.5 text-muted">{children}</div>}
    </li>
  );
}

function Stage({ title, last = false, children }: { title: string; last?: boolean; children: ReactNode }) {
  return (
    <li className="relative">
      <h3 className="mb-2 text-sm font-semibold">{title}</h3>
      <ul className="space-y-2">{children}</ul>
      {!last && (
        <span aria-hidden="true" className="absolute top-0 -right-3.5 hidden text-muted lg:block">
          →
        </span>
      )}
    </li>
  );
}

const Nothing = ({ what }: { what: string }) => <li className="text-sm text-muted">{what}</li>;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function transformationCard(t: Record<string, unknown>): ReactNode {
  if (t.kind === 'dbt_cloud') {
    return (
      <Card title="dbt Cloud job">
        <p>{typeof t.jobName === 'string' && t.jobName ? t.jobName : 'Job not named yet'}</p>
        {typeof t.accountId === 'string' && t.accountId && <p>Account {t.accountId}</p>}
      </Card>
    );
  }
  const models = t.models;
  return (
    <Card title="dbt Core on ECS">
      {models === UNIFIED_USERS_MODELS ? (
        <p>Tapestry’s unified users models</p>
      ) : isRecord(models) ? (
        <p className="break-all">
          {String(models.repository ?? '')} @ {String(models.branch ?? '')}
          {models.path ? ` / ${String(models.path)}` : ''}
        </p>
      ) : (
        <p>Models not chosen yet</p>
      )}
    </Card>
  );
}

export function PipelineStages({ view }: { view: PipelineView }) {
  const { warehouse, transformation } = view;
  return (
    <ol aria-label="Stages in the order data flows" className="grid gap-6 lg:grid-cols-4">
      <Stage title="Sources">
        {view.sources.length === 0 && <Nothing what="No sources yet" />}
        {view.sources.map((s, i) => (
          <Card key={`${i}-${s.name}`} title={connectorName('source', s.type)}>
            <p className="font-mono text-xs">{s.name}</p>
            <p>{s.streams === null ? 'All streams' : plural(s.streams.length, 'stream')}</p>
            <p>{scheduleText(s.schedule)}</p>
          </Card>
        ))}
      </Stage>
      <Stage title="Warehouse">
        {warehouse ? (
          <Card title={connectorName('warehouse', warehouse.type)}>
            {typeof warehouse.config.database === 'string' && <p>Database {warehouse.config.database}</p>}
            {typeof warehouse.config.host === 'string' && <p className="break-all">{warehouse.config.host}</p>}
          </Card>
        ) : (
          <Nothing what="No warehouse yet" />
        )}
      </Stage>
      <Stage title="Transformation">{transformation ? transformationCard(transformation) : <Nothing what="No transformation yet" />}</Stage>
      <Stage title="Destinations" last>
        {view.destinations.length === 0 && <Nothing what="No destinations yet" />}
        {view.destinations.map((d, i) => (
          <Card key={`${i}-${d.name}`} title={connectorName('destination', d.type)}>
            <p className="font-mono text-xs">{d.name}</p>
            <p>{plural(d.mapping.length, 'field')} mapped from unified users</p>
          </Card>
        ))}
      </Stage>
    </ol>
  );
}
