import { useT } from "../lib/i18n"
import { PlusMini, Trash } from "@medusajs/icons"
import { Button, Hint, IconButton, Table, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { type FieldErrors, errorsUnder } from "../lib/field-errors"

export type EditableColumn<Row> = {
  header: string
  japanese?: string
  className?: string
  render: (row: Row, update: (next: Row) => void, index: number) => ReactNode
}

type EditableTableProps<Row> = {
  id: string
  rows: Row[]
  columns: EditableColumn<Row>[]
  onChange: (rows: Row[]) => void
  newRow: () => Row
  addLabel: string
  emptyText?: string
  /** Path of the list in the API's field errors, e.g. `settings.fieldMapping`. */
  errorPath?: string
  errors?: FieldErrors
  footer?: ReactNode
}

/** A mapping editor: one row per entry, add/remove rows, each row's refusal shown under it. */
export function EditableTable<Row>({
  id,
  rows,
  columns,
  onChange,
  newRow,
  addLabel,
  emptyText,
  errorPath,
  errors = {},
  footer,
}: EditableTableProps<Row>) {
  const t = useT()
  const update = (index: number) => (next: Row) => onChange(rows.map((r, i) => (i === index ? next : r)))
  const remove = (index: number) => onChange(rows.filter((_, i) => i !== index))
  const listErrors = errorPath
    ? errorsUnder(errors, errorPath).filter((m) => !/^\d+(\.|:)/.test(m))
    : []
  return (
    <div className="flex flex-col gap-y-2" data-table={id}>
      <div className="border-ui-border-base overflow-x-auto rounded-md border">
        <Table>
          <Table.Header>
            <Table.Row>
              {columns.map((c) => (
                <Table.HeaderCell key={c.header} className={c.className}>
                  <span>{c.header}</span>
                  {c.japanese && t.lang !== "ja" && (
                    <span className="text-ui-fg-muted ml-1 font-normal" lang="ja">
                      {c.japanese}
                    </span>
                  )}
                </Table.HeaderCell>
              ))}
              <Table.HeaderCell className="w-12" />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.length === 0 && (
              <Table.Row>
                <td colSpan={columns.length + 1} className="px-6 py-3">
                  <Text size="small" className="text-ui-fg-muted">
                    {emptyText ?? t("inputs.noEntries")}
                  </Text>
                </td>
              </Table.Row>
            )}
            {rows.map((row, index) => {
              const rowErrors = errorPath ? errorsUnder(errors, `${errorPath}.${index}`) : []
              return [
                <Table.Row key={`row-${index}`} data-row={`${id}-${index}`}>
                  {columns.map((c) => (
                    <Table.Cell key={c.header} className={`py-2 ${c.className ?? ""}`}>
                      {c.render(row, update(index), index)}
                    </Table.Cell>
                  ))}
                  <Table.Cell className="w-12">
                    <IconButton
                      size="small"
                      variant="transparent"
                      type="button"
                      aria-label={t("inputs.removeRow", { n: index + 1 })}
                      onClick={() => remove(index)}
                    >
                      <Trash />
                    </IconButton>
                  </Table.Cell>
                </Table.Row>,
                rowErrors.length > 0 && (
                  <Table.Row key={`err-${index}`} className="hover:bg-transparent">
                    <td colSpan={columns.length + 1} className="px-6 py-1">
                      {rowErrors.map((m) => (
                        <Hint key={m} variant="error" data-field-error={`${errorPath}.${index}`}>
                          {t("inputs.rowError", { n: index + 1, message: m })}
                        </Hint>
                      ))}
                    </td>
                  </Table.Row>
                ),
              ]
            })}
          </Table.Body>
        </Table>
      </div>
      {listErrors.map((m) => (
        <Hint key={m} variant="error" data-field-error={errorPath}>
          {m}
        </Hint>
      ))}
      <div className="flex items-center justify-between gap-x-2">
        <Button type="button" size="small" variant="secondary" onClick={() => onChange([...rows, newRow()])}>
          <PlusMini />
          {addLabel}
        </Button>
        {footer}
      </div>
    </div>
  )
}
