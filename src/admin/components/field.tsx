import { Hint, Label, Text } from "@medusajs/ui"
import type { ComponentProps, ReactNode } from "react"
import { useT } from "../lib/i18n"
import { SecretInput, Toggle } from "./inputs"
import { Picker } from "./picker"

type FieldProps = {
  id: string
  label: string
  /** The Japanese name of the setting, as merchants know it from Smaregi or other integrations. */
  japanese?: string
  description?: ReactNode
  /** Missing entries are dropped, so several settings' messages can be passed as they are. */
  error?: string | Array<string | undefined>
  /** Label above a full-width control (mapping tables). */
  stacked?: boolean
  children: ReactNode
}

/** One setting: its label, in English the Japanese name as a hint (in Japanese the label is that name), the control and the API's message. */
export function Field({ id, label, japanese, description, error, stacked, children }: FieldProps) {
  const t = useT()
  const errors = (Array.isArray(error) ? error : error ? [error] : []).filter((e): e is string => !!e)
  return (
    <div
      className={`grid grid-cols-1 gap-x-6 gap-y-2 px-6 py-4 ${stacked ? "" : "md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]"}`}
      data-field={id}
    >
      <div className="flex flex-col gap-y-0.5">
        <Label htmlFor={id} size="small" weight="plus">
          {label}
        </Label>
        {japanese && japanese !== label && t.lang !== "ja" && (
          <Text size="xsmall" className="text-ui-fg-muted" lang="ja">
            {japanese}
          </Text>
        )}
        {description && (
          <Text size="xsmall" className="text-ui-fg-subtle">
            {description}
          </Text>
        )}
      </div>
      <div className="flex min-w-0 flex-col gap-y-1">
        {children}
        {errors.map((message) => (
          <Hint key={message} variant="error" data-field-error={id}>
            {message}
          </Hint>
        ))}
      </div>
    </div>
  )
}

type RowProps = Omit<FieldProps, "children" | "stacked">

/** A labelled on/off setting. */
export function SwitchField({ checked, onChange, ...field }: RowProps & { checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <Field {...field}>
      <Toggle id={field.id} checked={checked} onChange={onChange} />
    </Field>
  )
}

type SelectFieldProps = RowProps & Pick<ComponentProps<typeof Picker>, "value" | "options" | "onChange" | "noneLabel">

/** A labelled choice among known values. */
export function SelectField({ value, options, onChange, noneLabel, ...field }: SelectFieldProps) {
  return (
    <Field {...field}>
      <Picker id={field.id} value={value} options={options} noneLabel={noneLabel} onChange={onChange} />
    </Field>
  )
}

type SecretFieldProps = RowProps & Pick<ComponentProps<typeof SecretInput>, "isSet" | "value" | "onChange">

/** A labelled secret: shown only as set or not set, replaced or removed on purpose. */
export function SecretField({ isSet, value, onChange, ...field }: SecretFieldProps) {
  return (
    <Field {...field}>
      <SecretInput id={field.id} ariaLabel={field.label} isSet={isSet} value={value} onChange={onChange} />
    </Field>
  )
}
