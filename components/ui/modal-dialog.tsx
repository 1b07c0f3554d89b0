// The frame every confirmation uses: a native modal <dialog> (the browser traps focus and Esc
// closes it) with a title and a body that name it for assistive technology. What the buttons do
// is the caller's: a server action (ui/confirm-dialog) or a local choice (wizard/confirm-choice).
import { type ReactNode, type Ref, useId } from 'react';

interface ModalDialogProps {
  dialogRef: Ref<HTMLDialogElement>;
  title: string;
  /** The explanation under the title. */
  body: ReactNode;
  onClose(): void;
  /** The answers: buttons, or a form holding them. */
  children: ReactNode;
}

export function ModalDialog({ dialogRef, title, body, onClose, children }: ModalDialogProps) {
  const id = useId();
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onClose={onClose}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-6 text-fg shadow-xl"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      <div id={`${id}-body`} className="mt-2 space-y-2 text-sm text-muted">
        {body}
      </div>
      {children}
    </dialog>
  );
}
