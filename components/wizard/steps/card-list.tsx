// The frame of a step that is a list of cards (sources, destinations): what the list is for, the
// list's own finding, an empty state, the cards, and the Add button (hidden for viewers).
import type { ReactNode } from 'react';
import { FieldErrors } from '@/components/ui/field-errors';

interface CardListProps {
  id: string;
  intro: string;
  error: string | undefined;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
  /** The Add control; omitted when read-only. */
  add?: ReactNode;
}

export function CardList({ id, intro, error, empty, emptyText, children, add }: CardListProps) {
  return (
    <div className="space-y-6">
      <p className="max-w-prose text-sm text-muted">{intro}</p>
      <FieldErrors id={error ? `${id}-error` : undefined} errors={error ? [error] : undefined} />
      {empty && <p className="rounded-lg border border-dashed border-field bg-surface px-6 py-8 text-center text-sm text-muted">{emptyText}</p>}
      {children}
      {add}
    </div>
  );
}
