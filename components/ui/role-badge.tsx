import type { Role } from '@/lib/generated/prisma/enums';
import { Badge, type BadgeTone } from './badge';

const TONE: Record<Role, BadgeTone> = { OWNER: 'violet', ADMIN: 'info', EDITOR: 'success', VIEWER: 'neutral' };

export const ROLE_LABELS: Record<Role, string> = { OWNER: 'Owner', ADMIN: 'Admin', EDITOR: 'Editor', VIEWER: 'Viewer' };

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={TONE[role]}>{ROLE_LABELS[role]}</Badge>;
}
