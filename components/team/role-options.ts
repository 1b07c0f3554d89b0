import type { Role } from '@/lib/generated/prisma/enums';
import type { SelectOption } from '@/components/ui/select-field';
import { ROLE_LABELS } from '@/components/ui/role-badge';

const ORDER: readonly Role[] = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'];

/** The roles a person may hand out: OWNER only for those who can manage owners. */
export function roleOptions(includeOwner: boolean): SelectOption[] {
  return ORDER.filter((r) => includeOwner || r !== 'OWNER').map((r) => ({ value: r, label: ROLE_LABELS[r] }));
}
