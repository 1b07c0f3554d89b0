import 'server-only';
// Slugs are unique in an organization: a clash is a field message on the slug, never a 500.
import type { Tx } from '@/lib/db/tenant';
import { Prisma } from '@/lib/generated/prisma/client';

export const slugTakenMessage = (slug: string) => `Another pipeline of this organization already uses "${slug}". Choose another slug.`;

export async function slugTaken(tx: Tx, orgId: string, slug: string, exceptId?: string): Promise<boolean> {
  const other = await tx.pipeline.findFirst({ where: { orgId, slug, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  return other !== null;
}

/** The first of `base`, `base-2`, `base-3`… no pipeline of the organization uses (for Kickstart, duplicate, import). */
export async function freeSlug(tx: Tx, orgId: string, base: string): Promise<string> {
  const taken = new Set(
    (await tx.pipeline.findMany({ where: { orgId, slug: { startsWith: base.slice(0, 56) } }, select: { slug: true } })).map((r) => r.slug),
  );
  const stem = base.slice(0, 56).replace(/-+$/, '');
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

export function isSlugClash(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' && JSON.stringify(error.meta ?? {}).includes('slug');
}

/** Words for a pipeline's URL-safe name, from what a person called it. */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63)
      .replace(/-+$/, '') || 'pipeline'
  );
}
