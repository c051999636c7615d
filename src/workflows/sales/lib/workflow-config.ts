/**
 * Sale workflows keep no execution record by default: storing one writes the whole workflow context twice per
 * sale, and our own transaction events already record every outcome. Set SMAREGI_KEEP_WORKFLOW_EXECUTIONS_SECONDS
 * to keep them (visible in Medusa's workflow executions) while debugging.
 */
export function saleWorkflowConfig(name: string): { name: string; idempotent?: boolean; retentionTime?: number } {
  const seconds = Number(process.env.SMAREGI_KEEP_WORKFLOW_EXECUTIONS_SECONDS)
  return Number.isInteger(seconds) && seconds > 0 ? { name, idempotent: true, retentionTime: seconds } : { name }
}
