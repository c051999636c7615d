import type { ConnectionSettings } from "../../lib/api"
import type { FieldErrors } from "../../lib/field-errors"
import type { Option } from "../../lib/options"

export type SetSetting = <K extends keyof ConnectionSettings>(key: K, value: ConnectionSettings[K]) => void

export type Choices = {
  salesChannels: Option[]
  regions: Option[]
  stockLocations: Option[]
  customerGroups: Option[]
  optionTitles: Option[]
}

export type SectionProps = {
  draft: ConnectionSettings
  set: SetSetting
  errors: FieldErrors
  choices: Choices
}

/** `settings.<path>` as the API names it in a refusal. */
export const sp = (path: string) => `settings.${path}`
