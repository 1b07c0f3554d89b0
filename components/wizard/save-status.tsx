// What happened to the person's last edits, announced politely (it changes on every save):
// "Saving…", "Saved ✓", or why not with a Retry. Viewers save nothing and see nothing here.
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import type { QueueState } from './save-queue';

interface SaveStatusProps {
  state: QueueState;
  /** Nothing was saved in this visit yet: "Saved" would claim work that did not happen. */
  everSaved: boolean;
  onRetry(): void;
}

function words({ status, message }: QueueState, everSaved: boolean): string {
  switch (status) {
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'saved':
      return everSaved ? 'Saved ✓' : 'Changes are saved as you go';
    case 'failed':
      return `Couldn’t save — ${message ?? 'try again'}`;
    case 'too-large':
      return message ?? 'This step’s values are too large.';
    case 'conflict':
      return 'Not saved: changed elsewhere';
  }
}

export function SaveStatus({ state, everSaved, onRetry }: SaveStatusProps) {
  const busy = state.status === 'pending' || state.status === 'saving';
  const problem = state.status === 'failed' || state.status === 'too-large' || state.status === 'conflict';
  return (
    <div className="flex min-h-9 flex-wrap items-center justify-end gap-2 text-sm">
      <p aria-live="polite" className={`flex items-center gap-1.5 ${problem ? 'text-danger' : 'text-muted'}`}>
        {busy && <Spinner />}
        {words(state, everSaved)}
      </p>
      {state.status === 'failed' && (
        <Button variant="secondary" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}
