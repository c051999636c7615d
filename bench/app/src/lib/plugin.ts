// The plugin code the bench routes drive, imported from the repository (the same files the plugin loads).
export { seedDemoStore, type DemoStore } from "../../../../dev/seed/demo-store"
export { SMAREGI_MODULE } from "../../../../src/modules/smaregi"
export type { default as SmaregiModuleService } from "../../../../src/modules/smaregi/service"
export type { ConnectionSettingsInput } from "../../../../src/smaregi/settings"
export type { SmaregiTransaction } from "../../../../src/smaregi/transaction-schema"
export { previewSmaregiOrder } from "../../../../src/workflows/sales/preview-order"
export { processSmaregiTransactionWorkflow } from "../../../../src/workflows/sales/process-transaction"
export { STORE_PAYMENT_PROVIDER_ID } from "../../../../src/workflows/sales/import-sale"
