// Whether an invitation's email reached the outbox's SMTP server, in words (the badge colour
// only repeats them). A link that was never emailed was shown to the inviter to share.
import type { EmailStatus } from '@/lib/mail/outbox';
import { Badge } from '@/components/ui/badge';
import { DateTime } from '@/components/ui/date-time';

export function InvitationEmailStatus({ status }: { status: EmailStatus | null }) {
  if (!status) return <span className="text-sm text-muted">Not emailed (link shared by hand)</span>;
  if (status.state === 'sent') {
    return (
      <span className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone="success">Sent</Badge>
        <DateTime value={status.at} />
      </span>
    );
  }
  if (status.state === 'failed') {
    return (
      <span className="flex flex-col gap-1 text-sm">
        <Badge tone="danger">Not delivered</Badge>
        <span className="text-muted">The mail server refused it. Revoke and invite again for a new link to share.</span>
      </span>
    );
  }
  return (
    <span className="flex flex-col gap-1 text-sm">
      <Badge tone={status.lastError ? 'warning' : 'info'}>{status.lastError ? 'Retrying' : 'Sending'}</Badge>
      {status.lastError && <span className="text-muted">{`Attempt ${status.attempts} failed; trying again shortly.`}</span>}
    </span>
  );
}
