export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      className="bg-ui-bg-component border-ui-border-base h-2 w-full overflow-hidden rounded-full border"
    >
      <div className="bg-ui-fg-interactive h-full transition-[width] duration-500" style={{ width: `${pct}%` }} />
    </div>
  )
}
