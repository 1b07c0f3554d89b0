// Buttons and button-styled links. `pending` shows a spinner and a working label at once
// (PERF-3: feedback within 100 ms) and marks the button aria-disabled rather than disabled,
// so keyboard focus stays on it while the request runs.
import Link from 'next/link';
import type { ComponentProps } from 'react';
import { Spinner } from './spinner';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

const BASE =
  'inline-flex min-h-9 min-w-9 items-center justify-center gap-2 rounded-md px-3.5 text-sm font-medium no-underline transition-colors ' +
  'disabled:cursor-not-allowed aria-disabled:cursor-wait';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-primary text-on-primary hover:bg-primary-hover',
  secondary: 'border border-field bg-surface text-fg hover:bg-sunken',
  danger: 'bg-danger-solid text-white hover:bg-danger-solid-hover',
  ghost: 'text-fg hover:bg-sunken',
};

export function buttonClass(variant: ButtonVariant = 'primary', className = ''): string {
  return `${BASE} ${VARIANTS[variant]} ${className}`;
}

interface ButtonProps extends ComponentProps<'button'> {
  variant?: ButtonVariant;
  pending?: boolean;
  /** Shown instead of the children while pending, e.g. "Saving…". */
  pendingLabel?: string;
}

export function Button({ variant = 'primary', pending = false, pendingLabel, className, children, type = 'button', onClick, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClass(variant, className)}
      aria-disabled={pending || undefined}
      // No double submits. (Only a function when needed, so server components can render it.)
      onClick={pending ? (e) => e.preventDefault() : onClick}
      {...rest}
    >
      {pending && <Spinner />}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

export function ButtonLink({ variant = 'primary', className, ...rest }: ComponentProps<typeof Link> & { variant?: ButtonVariant }) {
  return <Link className={buttonClass(variant, className)} {...rest} />;
}
