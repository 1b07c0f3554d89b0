// Form fields shared by several actions.
import { z } from 'zod';
import { ROLES } from '@/lib/authz/permissions';

export const roleField = z.enum(ROLES, { error: 'Choose a role: owner, admin, editor or viewer.' });
