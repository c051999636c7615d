import { formatJson } from "../lib/format"

export function JsonView({ value, label, maxHeight = "24rem" }: { value: unknown; label?: string; maxHeight?: string }) {
  return (
    <pre
      aria-label={label}
      className="bg-ui-bg-subtle border-ui-border-base txt-compact-xsmall overflow-auto rounded-md border p-3 font-mono"
      style={{ maxHeight }}
    >
      {formatJson(value)}
    </pre>
  )
}
