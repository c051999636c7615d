import { Hint, Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

type FieldProps = {
  id: string
  label: string
  /** The Japanese name of the setting, as merchants know it from Smaregi or other integrations. */
  japanese?: string
  description?: ReactNode
  error?: string | string[]
  /** Label above a full-width control (mapping tables). */
  stacked?: boolean
  children: ReactNode
}

/** One setting: English label, Japanese name as a hint, the control and the API's message for it. */
export function Field({ id, label, japanese, description, error, stacked, children }: FieldProps) {
  const errors = (Array.isArray(error) ? error : error ? [error] : []).filter(Boolean)
  return (
    <div
      className={`grid grid-cols-1 gap-x-6 gap-y-2 px-6 py-4 ${stacked ? "" : "md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]"}`}
      data-field={id}
    >
      <div className="flex flex-col gap-y-0.5">
        <Label htmlFor={id} size="small" weight="plus">
          {label}
        </Label>
        {japanese && (
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
