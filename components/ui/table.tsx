// A data table in a scrollable, keyboard-reachable region, with a caption and real column
// headers. Columns can have a screen-reader-only header (an "Actions" column).
import type { ReactNode } from 'react';

export interface Column {
  label: string;
  srOnly?: boolean;
  align?: 'left' | 'right';
}

interface TableProps {
  caption: string;
  captionHidden?: boolean;
  columns: readonly Column[];
  children: ReactNode;
}

export function Table({ caption, captionHidden = false, columns, children }: TableProps) {
  return (
    <div role="region" aria-label={caption} tabIndex={0} className="overflow-x-auto rounded-lg border border-line bg-surface">
      <table className="w-full border-collapse text-left text-sm">
        <caption className={captionHidden ? 'sr-only' : 'px-4 pt-3 pb-2 text-left font-semibold'}>{caption}</caption>
        <thead className="bg-sunken">
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={`px-4 py-2 font-medium whitespace-nowrap ${c.align === 'right' ? 'text-right' : ''}`}>
                {c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">{children}</tbody>
      </table>
    </div>
  );
}

export const cellClass = 'px-4 py-2.5 align-middle';
