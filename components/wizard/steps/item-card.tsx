'use client';
// One source or destination of a step's list: a titled card with its Remove action (confirmed,
// since everything entered for it goes), focused when it was just added so typing can start.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmChoice } from './confirm-choice';

interface ItemCardProps {
  id: string;
  /** The item's name, e.g. "stripe". */
  title: string;
  /** What it is, e.g. "Stripe". */
  kindLabel: string;
  /** "source" or "destination", for the Remove wording. */
  noun: string;
  badge?: string;
  readOnly: boolean;
  /** Just added: take the focus. */
  focusOnMount: boolean;
  onRemove(): void;
  children: ReactNode;
}

export function ItemCard({ id, title, kindLabel, noun, badge, readOnly, focusOnMount, onRemove, children }: ItemCardProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [confirming, setConfirming] = useState(false);
  const shown = title.trim() === '' ? `Unnamed ${noun}` : title;

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-6 rounded-lg border border-line bg-surface p-4 sm:p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 ref={heading} id={`${id}-title`} tabIndex={-1} className="text-base font-semibold">
            {shown}
          </h3>
          <p className="mt-0.5 flex flex-wrap items-center gap-2 text-sm text-muted">
            {kindLabel}
            {badge && <Badge>{badge}</Badge>}
          </p>
        </div>
        {!readOnly && (
          <Button variant="secondary" aria-label={`Remove ${noun} ${shown}`} onClick={() => setConfirming(true)}>
            Remove
          </Button>
        )}
      </div>
      {children}
      {!readOnly && (
        <ConfirmChoice
          open={confirming}
          title={`Remove ${noun} ${shown}?`}
          confirmLabel={`Remove ${noun}`}
          onConfirm={() => {
            setConfirming(false);
            onRemove();
          }}
          onCancel={() => setConfirming(false)}
        >
          <p>Its settings leave this pipeline’s draft. Secrets already saved stay in the credential store.</p>
        </ConfirmChoice>
      )}
    </section>
  );
}
