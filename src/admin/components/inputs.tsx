import { useT } from "../lib/i18n"
import { Badge, Button, Input, Switch } from "@medusajs/ui"
import { useEffect, useState } from "react"

type TextInputProps = {
  id: string
  value: string | null | undefined
  onChange: (value: string | null) => void
  placeholder?: string
  /** Empty input means `null` (the setting is unset) instead of "". */
  nullable?: boolean
  type?: string
  ariaLabel?: string
}

export function TextInput({ id, value, onChange, placeholder, nullable, type = "text", ariaLabel }: TextInputProps) {
  return (
    <Input
      id={id}
      size="small"
      type={type}
      aria-label={ariaLabel}
      value={value ?? ""}
      placeholder={placeholder}
      onChange={(e) => onChange(nullable && e.target.value === "" ? null : e.target.value)}
    />
  )
}

type NumberInputProps = { id: string; value: number | null | undefined; onChange: (value: number) => void; step?: number; ariaLabel?: string }

/** Keeps what is typed; an unparsable value is sent as is so the API names the field. */
export function NumberInput({ id, value, onChange, step, ariaLabel }: NumberInputProps) {
  const [text, setText] = useState(value == null ? "" : String(value))
  useEffect(() => {
    if (Number(text) !== value) setText(value == null ? "" : String(value))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])
  return (
    <Input
      id={id}
      size="small"
      type="number"
      step={step}
      aria-label={ariaLabel}
      value={text}
      onChange={(e) => {
        setText(e.target.value)
        onChange(e.target.value === "" ? (null as unknown as number) : Number(e.target.value))
      }}
    />
  )
}

export function Toggle({ id, checked, onChange, label }: { id: string; checked: boolean; onChange: (v: boolean) => void; label?: string }) {
  return <Switch id={id} checked={checked} onCheckedChange={onChange} aria-label={label} />
}

type SecretInputProps = {
  id: string
  isSet: boolean
  /** `undefined` = keep, `null` = clear, string = replace. */
  value: string | null | undefined
  onChange: (value: string | null | undefined) => void
  ariaLabel: string
}

/** A write-only secret: the stored value is never shown, only whether one is set. */
export function SecretInput({ id, isSet, value, onChange, ariaLabel }: SecretInputProps) {
  const t = useT()
  const editing = typeof value === "string"
  const state = value === null ? t("inputs.willBeRemoved") : isSet ? t("common.set") : t("common.notSet")
  return (
    <div className="flex flex-col gap-y-2">
      <div className="flex items-center gap-x-2">
        <Badge size="2xsmall" color={value === null ? "orange" : isSet ? "green" : "orange"} data-secret-state={id}>
          {state}
        </Badge>
        {!editing && (
          <Button type="button" size="small" variant="secondary" onClick={() => onChange("")}>
            {isSet ? t("inputs.replace") : t("inputs.setValue")}
          </Button>
        )}
        {isSet && value !== null && !editing && (
          <Button type="button" size="small" variant="transparent" onClick={() => onChange(null)}>
            {t("inputs.remove")}
          </Button>
        )}
        {value !== undefined && (
          <Button type="button" size="small" variant="transparent" onClick={() => onChange(undefined)}>
            {t("inputs.keep")}
          </Button>
        )}
      </div>
      {editing && (
        <Input
          id={id}
          size="small"
          type="password"
          autoComplete="new-password"
          aria-label={ariaLabel}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </div>
  )
}
