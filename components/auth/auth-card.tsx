// The frame of the signed-out pages (setup, sign-in, invitations): one centred card.
import type { ReactNode } from 'react';
import { Logo } from '@/components/shell/logo';

export function AuthCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-4 py-10 sm:py-16">
      <header className="mb-8">
        <Logo />
      </header>
      <main id="main" tabIndex={-1} className="w-full max-w-md rounded-xl border border-line bg-surface p-6 shadow-sm outline-none sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description && <div className="mt-1 text-sm text-muted">{description}</div>}
        <div className="mt-6">{children}</div>
      </main>
    </div>
  );
}
