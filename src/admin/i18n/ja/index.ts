import type { Ja } from "./dictionary"
import { nav, common, status, action, event } from "./common"
import { reason } from "./reasons"
import { dashboard, transactions, drawer, preview, dryRun } from "./sales"
import { members, importMembers, pendingLinks, backfill } from "./members"
import { orderWidget, customerWidget } from "./widgets"
import { form } from "./form"
import { field, options, fieldRow, inputs, mappingsFile } from "./fields"
import { settingsList } from "./settings"
import { platform } from "./platform"

/** Japanese strings for store staff; the type makes a missing or extra key a type error (and the unit test checks it too). */
const ja: Ja = {
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

export default ja
