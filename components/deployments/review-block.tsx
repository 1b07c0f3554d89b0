// The review before anything changes (journey 4): the change set's counts and resources, the
// template's parameters and the template itself (collapsed: it is long), and Confirm or Cancel for
// those who may deploy. Everyone else sees who has to act. Parameters are shown as stored:
// NoEcho values (the warehouse password) were masked before they were written.
import { cancelDeployment, confirmDeployment } from '@/lib/actions/deployments';
import type { DeploymentView } from '@/lib/dal/deployments';
import { ActionButton } from '@/components/ui/action-button';
import { cellClass, Table } from '@/components/ui/table';
import { ChangeSetCounts, ChangeSetTable } from './change-set-table';

const PARAMETER_COLUMNS = [{ label: 'Parameter' }, { label: 'Value' }, { label: 'What it sets' }] as const;

interface ReviewBlockProps {
  org: string;
  view: DeploymentView;
  mayConfirm: boolean;
}

export function ReviewBlock({ org, view, mayConfirm }: ReviewBlockProps) {
  const where = view.target === 'sandbox' ? 'the sandbox' : 'your AWS account';
  const replaced = view.changes?.summary.replace ?? 0;
  return (
    <section aria-labelledby="review-title" className="space-y-5 rounded-lg border-2 border-primary bg-surface p-5">
      <div>
        <h2 id="review-title" className="text-lg font-semibold">
          Review the change set
        </h2>
        <p className="mt-1 max-w-prose text-sm text-muted">
          Nothing changes in {where} until this is confirmed. Stack <code className="font-mono text-xs">{view.stackName}</code>.
        </p>
      </div>
      {view.changes ? <ChangeSetCounts summary={view.changes.summary} /> : <p className="text-sm text-muted">The change set’s details could not be read.</p>}
      {replaced > 0 && (
        <p role="note" className="rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm">
          <strong>{replaced === 1 ? '1 resource' : `${replaced} resources`} will or may be replaced.</strong> A replaced resource is created anew and the old one
          deleted: a replaced database or bucket starts empty.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        {mayConfirm ? (
          <>
            <ActionButton action={confirmDeployment} fields={{ org, id: view.id }} label="Confirm and deploy" pendingLabel="Confirming…" variant="primary" />
            <ActionButton action={cancelDeployment} fields={{ org, id: view.id }} label="Cancel" accessibleLabel="Cancel this deployment" pendingLabel="Cancelling…" />
          </>
        ) : (
          <p className="text-sm font-medium">An admin must confirm this change set before anything is deployed.</p>
        )}
      </div>
      {view.changes && <ChangeSetTable rows={view.changes.rows} />}
      {view.parameters.length > 0 && (
        <Table caption="Template parameters" columns={PARAMETER_COLUMNS}>
          {view.parameters.map((p) => (
            <tr key={p.key}>
              <td className={`${cellClass} font-mono text-xs`}>{p.key}</td>
              <td className={`${cellClass} font-mono text-xs break-all`}>{p.noEcho ? <span title="Secret: never shown">••••</span> : p.value}</td>
              <td className={`${cellClass} text-xs text-muted`}>{p.description}</td>
            </tr>
          ))}
        </Table>
      )}
      {view.template && (
        <details className="rounded-lg border border-line bg-surface">
          <summary className="cursor-pointer px-4 py-2 text-sm font-medium">CloudFormation template ({Math.ceil(view.template.length / 1024)} KiB)</summary>
          <pre className="max-h-[32rem] overflow-auto border-t border-line bg-sunken p-4 font-mono text-xs" tabIndex={0} aria-label="CloudFormation template">
            {view.template}
          </pre>
        </details>
      )}
    </section>
  );
}
