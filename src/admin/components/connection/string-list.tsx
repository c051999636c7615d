import { EditableTable } from "../editable-table"
import { TextInput } from "../inputs"
import type { FieldErrors } from "../../lib/field-errors"

type StringListProps = {
  id: string
  header: string
  values: string[]
  onChange: (values: string[]) => void
  placeholder?: string
  addLabel: string
  emptyText?: string
  errorPath: string
  errors: FieldErrors
}

export function StringList({ id, header, values, onChange, placeholder, addLabel, emptyText, errorPath, errors }: StringListProps) {
  return (
    <EditableTable<string>
      id={id}
      rows={values}
      onChange={onChange}
      newRow={() => ""}
      addLabel={addLabel}
      emptyText={emptyText}
      errorPath={errorPath}
      errors={errors}
      columns={[
        {
          header,
          render: (value, update, index) => (
            <TextInput
              id={`${id}-${index}`}
              ariaLabel={`${header} ${index + 1}`}
              value={value}
              placeholder={placeholder}
              onChange={(v) => update(v ?? "")}
            />
          ),
        },
      ]}
    />
  )
}
