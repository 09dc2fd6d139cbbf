/** The Slipway mark: a hull on its launch ramp. Drawn inline so it needs no asset request. */
export function Logo({ size = 20 }: { readonly size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#2f6fde" />
      <path d="M6 23 L26 15" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M9 17.5 L21 12.7 L23 15.2 L11.2 20 Z" fill="#fff" />
      <path d="M14 15.5 L14 8 L19.5 13.3 Z" fill="#cfe0ff" />
    </svg>
  );
}
