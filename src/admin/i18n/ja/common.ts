import type { Ja } from "./dictionary"

export const nav: Ja["nav"] = { smaregi: "スマレジ", transactions: "取引", members: "会員" }

export const common: Ja["common"] = {
  cancel: "キャンセル",
  create: "作成",
  enabled: "有効",
  disabled: "無効",
  on: "オン",
  off: "オフ",
  set: "設定済み",
  notSet: "未設定",
  yes: "はい",
  no: "いいえ",
  none: "なし",
  never: "未実行",
  filter: "絞り込み",
  noMatch: "該当なし",
  loading: "読み込み中…",
  exportCsv: "CSV出力",
  paginationOf: "/",
  paginationResults: "件",
  paginationPages: "ページ",
  paginationPrev: "前へ",
  paginationNext: "次へ",
  exportFailed: "CSV出力に失敗しました: {{message}}",
  connection: "連携",
  details: "詳細",
}

export const status: Ja["status"] = {
  transaction: {
    received: "受信済み",
    imported: "取込済み",
    updated: "更新済み",
    canceled: "取消済み",
    skipped: "対象外",
    failed: "失敗",
    needs_attention: "要確認",
  },
  member: { pending: "送信待ち", synced: "連携済み", failed: "失敗", withdrawn: "退会", deleted: "削除済み", link_pending: "紐付け承認待ち" },
  backfill: { running: "実行中", stopped: "停止中", completed: "完了", failed: "失敗" },
  pull: { running: "実行中", done: "完了", failed: "失敗" },
  import: { running: "取込中", done: "完了", failed: "失敗" },
}

export const action: Ja["action"] = { create: "作成", update: "更新", cancel: "取消", skip: "対象外", classify: "判定" }

export const event: Ja["event"] = {
  received: "受信",
  imported: "取込",
  updated: "更新",
  canceled: "取消",
  skipped: "対象外",
  failed: "失敗",
  replayed: "再試行",
  needs_attention: "要確認",
}
