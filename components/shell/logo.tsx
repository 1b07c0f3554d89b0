/** Tapestry's mark: three woven threads. Decorative; the word next to it is the name. */
export function LogoMark({ className = 'size-7' }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#4f46e5" />
      <path d="M7 11h18M7 16h18M7 21h18" stroke="#c7d2fe" strokeWidth="2.5" strokeLinecap="round" />
      <path d="M11 7v18M16 7v18M21 7v18" stroke="#ffffff" strokeWidth="2.5" strokeLinecap="round" strokeDasharray="3 2" />
    </svg>
  );
}

export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 text-lg font-semibold tracking-tight text-fg">
      <LogoMark />
      Tapestry
    </span>
  );
}
