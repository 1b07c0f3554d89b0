'use client';
// "Are you sure?" for a change that throws away what was entered (removing a source, switching the
// warehouse type). A native modal <dialog>: the browser traps focus and Esc cancels. Unlike
// ui/confirm-dialog it calls a function rather than a server action: the draft is local state.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Button } from '@/components/ui/button';

interface ConfirmChoiceProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  /** Also called when the dialog closes after a confirm: keep it to clearing the pending choice. */
  onCancel(): void;
}

export function ConfirmChoice({ open, title, children, confirmLabel, onConfirm, onCancel }: ConfirmChoiceProps) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const node = dialog.current;
    if (open && node && !node.open) node.showModal();
    if (!open && node?.open) node.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onClose={onCancel}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-6 text-fg shadow-xl"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      <div id={`${id}-body`} className="mt-2 space-y-2 text-sm text-muted">
        {children}
      </div>
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        {/* First in the dialog, so it has the focus when the dialog opens: the safe answer. */}
        <Button variant="secondary" onClick={() => dialog.current?.close()}>
          Cancel
        </Button>
        <Button variant="danger" onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
