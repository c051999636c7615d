import { useT } from "../lib/i18n"
import { Select } from "@medusajs/ui"
import type { Option } from "../lib/options"

const NONE = "__none__"

type PickerProps = {
  id?: string
  value: string | null | undefined
  options: Option[]
  onChange: (value: string | null) => void
  placeholder?: string
  /** Offer an explicit empty choice with this label (value `null`). */
  noneLabel?: string
  size?: "base" | "small"
  ariaLabel?: string
}

/** A Select over known values that never hides a stored value missing from the list. */
export function Picker({ id, value, options, onChange, placeholder, noneLabel, size = "small", ariaLabel }: PickerProps) {
  const t = useT()
  const known = value == null || options.some((o) => o.value === value)
  const all: Option[] = known ? options : [...options, { value: value as string, label: t("inputs.notFound", { value: value as string }) }]
  return (
    <Select
      size={size}
      value={value ?? (noneLabel ? NONE : undefined)}
      onValueChange={(v) => onChange(v === NONE ? null : v)}
    >
      <Select.Trigger id={id} aria-label={ariaLabel}>
        <Select.Value placeholder={placeholder ?? t("inputs.choose")} />
      </Select.Trigger>
      <Select.Content>
        {noneLabel && <Select.Item value={NONE}>{noneLabel}</Select.Item>}
        {all.map((o) => (
          <Select.Item key={o.value} value={o.value}>
            {o.label}
            {o.hint ? <span className="text-ui-fg-muted ml-2">{o.hint}</span> : null}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}
