import { nav, common, status, action, event } from "./common"
import { reason } from "./reasons"
import { dashboard, transactions, drawer, preview, dryRun } from "./sales"
import { members, importMembers, pendingLinks, backfill } from "./members"
import { orderWidget, customerWidget } from "./widgets"
import { form } from "./form"
import { field, options, fieldRow, inputs, mappingsFile } from "./fields"
import { settingsList } from "./settings"
import { platform } from "./platform"

/** English strings of the admin extension (namespace "smaregi"); ja/ has exactly the same keys. */
const en = {
  nav,
  common,
  status,
  reason,
  dashboard,
  transactions,
  drawer,
  action,
  event,
  members,
  orderWidget,
  customerWidget,
  form,
  field,
  options,
  fieldRow,
  dryRun,
  backfill,
  preview,
  inputs,
  mappingsFile,
  importMembers,
  pendingLinks,
  settingsList,
  platform,
}

export default en
