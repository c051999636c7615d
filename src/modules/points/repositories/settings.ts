import { generateEntityId } from "@medusajs/framework/utils"
import type { PointsSettingsPatch } from "../types"
import type { Sql } from "./sql"

export async function readSettings(sql: Sql, key: string): Promise<PointsSettingsPatch> {
  const rows = await sql.execute(`SELECT value FROM points_setting WHERE key = ? AND deleted_at IS NULL`, [key])
  return (rows[0]?.value ?? {}) as PointsSettingsPatch
}

export async function readSettingsForUpdate(sql: Sql, key: string): Promise<PointsSettingsPatch> {
  const rows = await sql.execute(`SELECT value FROM points_setting WHERE key = ? FOR UPDATE`, [key])
  return (rows[0]?.value ?? {}) as PointsSettingsPatch
}

export async function writeSettings(sql: Sql, key: string, value: PointsSettingsPatch): Promise<void> {
  await sql.execute(
    `INSERT INTO points_setting (id, key, value, created_at, updated_at) VALUES (?, ?, ?::jsonb, now(), now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), deleted_at = NULL`,
    [generateEntityId(undefined, "ptset"), key, JSON.stringify(value)]
  )
}
