// What the pipeline page says first about its state: a draft never saved, unsaved changes on a
// saved one, and credentials it names that are not stored yet (with where to set them).
import type { PipelineDetail } from '@/lib/dal/pipelines/read';
import { ButtonLink } from '@/components/ui/button';
import { Notice } from './notice';

export function PipelineNotices({ org, detail }: { org: string; detail: PipelineDetail }) {
  const base = `/${org}/pipelines/${detail.id}/edit`;
  const continueEditing = detail.canEdit && (
    <ButtonLink href={base} variant="secondary">
      Continue editing
    </ButtonLink>
  );
  const missing = detail.missingSecrets;
  return (
    <div className="space-y-3 empty:hidden">
      {detail.saved === null ? (
        <Notice title="Draft — not saved yet" action={continueEditing}>
          <p>This is what the wizard holds so far. Save it on the review step once every step is complete.</p>
        </Notice>
      ) : (
        detail.hasUnsavedChanges && (
          <Notice title="Unsaved changes" action={continueEditing}>
            <p>The wizard holds changes that are not saved yet; this page shows the saved design.</p>
          </Notice>
        )
      )}
      {missing.length > 0 && (
        <Notice
          tone="warning"
          title={`${missing.length} credential${missing.length === 1 ? '' : 's'} not stored yet`}
          action={
            detail.canEdit && (
              <ButtonLink href={`${base}/review`} variant="secondary">
                Set them on the review step
              </ButtonLink>
            )
          }
        >
          <ul className="mt-1 flex flex-wrap gap-1.5">
            {missing.map((name) => (
              <li key={name}>
                <code className="rounded bg-sunken px-1.5 py-0.5 font-mono text-xs text-fg">{name}</code>
              </li>
            ))}
          </ul>
          {!detail.canEdit && <p className="mt-1">Editors and admins can set them on the wizard’s review step.</p>}
        </Notice>
      )}
    </div>
  );
}
