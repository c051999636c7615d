import { Container, Heading, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useT } from "../lib/i18n"

type FormSectionProps = { id: string; title: string; japanese?: string; description?: string; actions?: ReactNode; children: ReactNode }

export function FormSection({ id, title, japanese, description, actions, children }: FormSectionProps) {
  const t = useT()
  return (
    <Container className="divide-y p-0" id={id} data-section={id}>
      <div className="flex items-start justify-between gap-x-4 px-6 py-4">
        <div>
          <Heading level="h2">{title}</Heading>
          {japanese && japanese !== title && t.lang !== "ja" && (
            <Text size="xsmall" className="text-ui-fg-muted" lang="ja">
              {japanese}
            </Text>
          )}
          {description && (
            <Text size="small" className="text-ui-fg-subtle mt-1">
              {description}
            </Text>
          )}
        </div>
        {actions && <div className="flex shrink-0 items-center gap-x-2">{actions}</div>}
      </div>
      {children}
    </Container>
  )
}
