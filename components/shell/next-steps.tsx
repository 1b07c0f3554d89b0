// What someone can do today in an organization that has nothing in it yet: real links to
// features that exist, chosen by what the person's role allows.
import type { Actor } from '@/lib/authz/actor';
import { can } from '@/lib/authz/actor';
import { ButtonLink } from '@/components/ui/button';

export function NextSteps({ actor }: { actor: Actor }) {
  const base = `/${actor.orgSlug}/settings`;
  return (
    <>
      {can(actor, 'members:invite') ? (
        <ButtonLink href={`${base}/members#invite`}>Invite your team</ButtonLink>
      ) : (
        <ButtonLink href={`${base}/members`} variant="secondary">
          See who is here
        </ButtonLink>
      )}
      {can(actor, 'tokens:create') && (
        <ButtonLink href={`${base}/tokens`} variant={can(actor, 'members:invite') ? 'secondary' : 'primary'}>
          Create an API token
        </ButtonLink>
      )}
    </>
  );
}
