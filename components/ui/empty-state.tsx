// What a list or page shows before it has anything: what will appear here, and what the
// person can do right now (UX-6). Actions are real links or buttons, never placeholders.
import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  icon?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  headingLevel?: 'h2' | 'h3';
}

export function EmptyState({ title, icon, children, actions, headingLevel: Heading = 'h2' }: EmptyStateProps) {
  return (
    <section className="rounded-lg border border-dashed border-field bg-surface px-6 py-10 text-center">
      {icon && <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-full bg-sunken text-muted">{icon}</div>}
      <Heading className="text-lg font-semibold">{title}</Heading>
      <div className="mx-auto mt-2 max-w-prose space-y-2 text-sm text-muted">{children}</div>
      {actions && <div className="mt-6 flex flex-wrap justify-center gap-3">{actions}</div>}
    </section>
  );
}
