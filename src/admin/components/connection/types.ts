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

type KeysOf<T> = { [K in keyof ConnectionSettings]: ConnectionSettings[K] extends T ? K : never }[keyof ConnectionSettings]
type ObjectKey = KeysOf<Record<string, unknown>>
type BooleanIn<K extends ObjectKey> = { [S in keyof ConnectionSettings[K]]: ConnectionSettings[K][S] extends boolean ? S : never }[keyof ConnectionSettings[K]] &
  string

/**
 * The id, error, value and change handler of a setting, for `SwitchField` / `SelectField`.
 * `choice` keeps the value when nothing is picked; `optionalChoice` stores `null` (its "none" entry);
 * `toggleIn` is a flag inside an object setting (`importTarget.memberOnly`).
 */
export function settingRows({ draft, set, errors }: Pick<SectionProps, "draft" | "set" | "errors">) {
  const row = (path: string) => ({ id: path, error: errors[sp(path)] })
  return {
    toggle: <K extends KeysOf<boolean>>(key: K) => ({
      ...row(key),
      checked: draft[key] as boolean,
      onChange: (v: boolean) => set(key, v as ConnectionSettings[K]),
    }),
    toggleIn: <K extends ObjectKey, S extends BooleanIn<K>>(key: K, flag: S) => ({
      ...row(`${key}.${flag}`),
      checked: draft[key][flag] as boolean,
      onChange: (v: boolean) => set(key, { ...draft[key], [flag]: v }),
    }),
    choice: <K extends KeysOf<string>>(key: K) => ({
      ...row(key),
      value: draft[key] as string,
      onChange: (v: string | null) => {
        if (v) set(key, v as ConnectionSettings[K])
      },
    }),
    optionalChoice: <K extends KeysOf<string | null>>(key: K) => ({
      ...row(key),
      value: draft[key] as string | null,
      onChange: (v: string | null) => set(key, v as ConnectionSettings[K]),
    }),
  }
}
