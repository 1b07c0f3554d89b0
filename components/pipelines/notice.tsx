// A note at the top of the pipeline page about its state (a draft, unsaved changes, missing
// credentials), with what to do about it. The words carry the meaning; the colour repeats it.
import type { ReactNode } from 'react';

const TONES = {
  info: 'border-primary bg-surface',
  warning: 'border-warning bg-surface',
} as const;

export function Notice({ tone = 'info', title, children, action }: { tone?: keyof typeof TONES; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className={`flex flex-wrap items-center justify-between gap-3 rounded-md border-l-4 px-4 py-3 text-sm ring-1 ring-line ${TONES[tone]}`}>
      <div>
        <p className="font-semibold">{title}</p>
        {children && <div className="mt-0.5 text-muted">{children}</div>}
      </div>
      {action}
    </div>
  );
}
