import { DataTable, Heading, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useT } from "../lib/i18n"

type StatusFilterToolbarProps = { title: string; description: ReactNode; searchPlaceholder: string; children?: ReactNode }

/** The heading of a filterable list, with its filter menu, search and bulk actions (`children`). */
export function StatusFilterToolbar({ title, description, searchPlaceholder, children }: StatusFilterToolbarProps) {
  const t = useT()
  return (
    <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
      <div>
        <Heading>{title}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <DataTable.FilterMenu tooltip={t("common.filter")} />
        <DataTable.Search placeholder={searchPlaceholder} />
        {children}
      </div>
    </DataTable.Toolbar>
  )
}
