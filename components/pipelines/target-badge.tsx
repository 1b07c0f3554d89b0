// Where a pipeline runs. The sandbox is always labelled as such (PRODUCT: "always labelled as
// such in the UI"), so nobody mistakes a trial pipeline for one on their AWS account.
import { Badge } from '@/components/ui/badge';

interface TargetBadgeProps {
  target: 'SANDBOX' | 'AWS' | null;
  region?: string | null;
}

export function TargetBadge({ target, region }: TargetBadgeProps) {
  if (target === 'SANDBOX') return <Badge tone="violet">Sandbox</Badge>;
  if (target === 'AWS') return <Badge>{region ? `AWS · ${region}` : 'AWS'}</Badge>;
  return <span className="text-sm text-muted">Not chosen yet</span>;
}
