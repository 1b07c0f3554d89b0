'use client';
// A destructive action behind a native modal <dialog>: the browser traps focus, Esc closes
// it, and focus goes back to the button that opened it. The form inside calls the server
// action; the dialog closes on success and shows the server's message on failure.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import type { ActionResult } from '@/lib/http/server-action';
import { Button } from './button';
import { FormMessage } from './form-message';
import { HiddenFields } from './hidden-fields';
import { useActionForm } from './use-action-form';

interface ConfirmDialogProps {
  action: (prev: ActionResult<unknown> | null, form: FormData) => Promise<ActionResult<unknown>>;
  fields: Record<string, string>;
  /** Visible text of the button that opens the dialog. */
  triggerLabel: string;
  /** Its full accessible name, e.g. "Remove ada@example.com". */
  triggerAccessibleLabel?: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { action, fields, triggerLabel, triggerAccessibleLabel, title, children, confirmLabel, pendingLabel } = props;
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const { result, pending, onSubmit, formRef } = useActionForm(action);

  useEffect(() => {
    if (result?.ok) dialog.current?.close();
  }, [result]);

  useEffect(
    () => () => {
      // When the action removes this row, the trigger goes with it; keep focus in the page.
      queueMicrotask(() => {
        if (!document.activeElement || document.activeElement === document.body) document.getElementById('main')?.focus();
      });
    },
    [],
  );

  return (
    <>
      <Button ref={trigger} variant="secondary" aria-label={triggerAccessibleLabel} onClick={() => dialog.current?.showModal()}>
        {triggerLabel}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        onClose={() => trigger.current?.focus()}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-6 text-fg shadow-xl"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <div id={`${id}-body`} className="mt-2 space-y-2 text-sm text-muted">
          {children}
        </div>
        <form ref={formRef} onSubmit={onSubmit} className="mt-6">
          <HiddenFields fields={fields} />
          <FormMessage result={result} className="mb-4" />
          <div className="flex flex-wrap justify-end gap-3">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={pending} pendingLabel={pendingLabel}>
              {confirmLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
