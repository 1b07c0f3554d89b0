import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main id="main" tabIndex={-1} className="px-4 py-16 outline-none">
      <ErrorPanel
        title="Page not found"
        cause="There is nothing at this address. The link may be mistyped or out of date, the item may have been removed, or it belongs to an organization you are not a member of."
        action="Check the address, or start again from your organization's pipelines. If someone sent you this link, ask them to check it."
      >
        <ButtonLink href="/">Go to the start page</ButtonLink>
      </ErrorPanel>
    </main>
  );
}
