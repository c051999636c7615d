import type { Sql } from "./sql"

// The two statements on the customer module's table: the customer module's service can neither merge keys into
// metadata atomically nor filter by a metadata key.
export class CustomerRecords {
  constructor(private readonly sql: Sql) {}

  /**
   * Merges `patch` into each live customer's metadata in one statement: the keys are added to the stored metadata
   * in the row update itself, so keys saved by someone else meanwhile are kept. Rows already holding the patch are
   * not touched; the others are locked in id order, so two such writes over the same customers cannot deadlock.
   */
  async mergeMetadata(patches: Array<{ id: string; patch: Record<string, unknown> }>): Promise<number> {
    if (!patches.length) return 0
    const rows = await this.sql(
      `WITH x AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(id text, patch jsonb)),
            target AS (
              SELECT c.id, x.patch FROM x JOIN customer c ON c.id = x.id
               WHERE c.deleted_at IS NULL AND NOT (COALESCE(c.metadata, '{}'::jsonb) @> x.patch)
               ORDER BY c.id
                 FOR UPDATE OF c)
       UPDATE customer AS c
          SET metadata = COALESCE(c.metadata, '{}'::jsonb) || target.patch, updated_at = now()
         FROM target
        WHERE c.id = target.id
       RETURNING c.id`,
      [JSON.stringify(patches)]
    )
    return rows.length
  }

  /** Live customers whose metadata `key` holds one of `values`: value → customer id. */
  async byMetadataValue(key: string, values: string[]): Promise<Map<string, string>> {
    if (!values.length) return new Map()
    const rows = await this.sql(
      `SELECT id, metadata->>? AS ref FROM customer
        WHERE deleted_at IS NULL AND metadata->>? IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [key, key, JSON.stringify(values)]
    )
    return new Map(rows.map((r) => [String(r.ref), String(r.id)]))
  }
}
