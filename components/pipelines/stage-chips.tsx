// A pipeline's shape in one line for the list: sources → warehouse → destinations as compact
// chips. The arrows are decoration; screen readers hear "into" and "out to" instead.
import type { ReactNode } from 'react';
import { connectorName, type ConnectorRole } from './connector-names';

function Chips({ role, types }: { role: ConnectorRole; types: string[] }) {
  if (types.length === 0) return <span className="text-muted">none yet</span>;
  return (
    <ul className="inline-flex flex-wrap gap-1">
      {types.map((type, i) => (
        <li key={`${type}-${i}`} className="rounded bg-sunken px-1.5 py-0.5 text-xs whitespace-nowrap">
          {connectorName(role, type)}
        </li>
      ))}
    </ul>
  );
}

function Arrow({ spoken }: { spoken: string }): ReactNode {
  return (
    <>
      <span aria-hidden="true" className="text-muted">
        →
      </span>
      <span className="sr-only">{spoken}</span>
    </>
  );
}

interface StageChipsProps {
  sources: string[];
  warehouse?: string;
  destinations: string[];
}

export function StageChips({ sources, warehouse, destinations }: StageChipsProps) {
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <Chips role="source" types={sources} />
      <Arrow spoken=" into " />
      <Chips role="warehouse" types={warehouse ? [warehouse] : []} />
      <Arrow spoken=" out to " />
      <Chips role="destination" types={destinations} />
    </div>
  );
}
