'use client';
// "Are you sure?" for a change that throws away what was entered (removing a source, switching the
// warehouse type). A native modal <dialog>: the browser traps focus and Esc cancels. Unlike
// ui/confirm-dialog it calls a function rather than a server action: the draft is local state.
import { type ReactNode, useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';

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
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const node = dialog.current;
    if (open && node && !node.open) node.showModal();
    if (!open && node?.open) node.close();
  }, [open]);

  return (
    <ModalDialog dialogRef={dialog} title={title} body={children} onClose={onCancel}>
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        {/* First in the dialog, so it has the focus when the dialog opens: the safe answer. */}
        <Button variant="secondary" onClick={() => dialog.current?.close()}>
          Cancel
        </Button>
        <Button variant="danger" onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </ModalDialog>
  );
}
