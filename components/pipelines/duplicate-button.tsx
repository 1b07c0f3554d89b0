'use client';
// Duplicate: a new draft with the same design under a free slug; opens the copy.
import { duplicatePipeline } from '@/lib/actions/pipelines';
import { ActionButton } from '@/components/ui/action-button';
import { useThenOpen } from './use-then-open';

export function DuplicateButton({ org, id, name }: { org: string; id: string; name: string }) {
  const action = useThenOpen(duplicatePipeline, (result) => `/${org}/pipelines/${result.data?.id ?? id}`);
  return <ActionButton action={action} fields={{ org, id }} label="Duplicate" accessibleLabel={`Duplicate ${name}`} pendingLabel="Duplicating…" />;
}
