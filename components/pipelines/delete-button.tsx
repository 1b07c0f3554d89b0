'use client';
// Delete a pipeline that has nothing deployed, behind a confirmation; back to the list after.
import { deletePipeline } from '@/lib/actions/pipelines';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useThenOpen } from './use-then-open';

export function DeleteButton({ org, id, name }: { org: string; id: string; name: string }) {
  const action = useThenOpen(deletePipeline, () => `/${org}/pipelines`);
  return (
    <ConfirmDialog
      action={action}
      fields={{ org, id }}
      triggerLabel="Delete"
      triggerAccessibleLabel={`Delete ${name}`}
      title={`Delete “${name}”?`}
      confirmLabel="Delete pipeline"
      pendingLabel="Deleting…"
    >
      <p>The pipeline, its design and draft, and the credentials that belong to it are removed. Nothing of it is deployed, so nothing else changes.</p>
      <p>This cannot be undone. To keep a copy, export its YAML first.</p>
    </ConfirmDialog>
  );
}
