import { Client } from "pg"

// Per-test isolation for the HTTP suites without Medusa's database copy. Medusa's runner snapshots the test
// database as a template after the first beforeAll hooks and, before every later test, drops the database and
// copies it back from that template (about a second, and every pooled connection is killed). Here the snapshot
// is a side schema in the same database: a copy of every table holding rows then, the sequences' positions, and
// a statement trigger on every table recording that a test wrote to it. A restore empties the touched tables,
// copies their saved rows back and resets the sequences: one statement, a few milliseconds.
// SMAREGI_TEST_FULL_RESTORE=1 (or a non-superuser database role) falls back to Medusa's restore.

const SCHEMA = "smaregi_test_restore"

const INSTALL = `
create schema ${SCHEMA};
create unlogged table ${SCHEMA}.touched (name text not null);
create table ${SCHEMA}.saved (name text primary key, columns text not null);
create table ${SCHEMA}.sequences (name text primary key, value bigint not null, called boolean not null);

-- No unique key on touched: concurrent writers must never wait on each other here.
create function ${SCHEMA}.touch() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from ${SCHEMA}.touched where name = tg_table_name) then
    insert into ${SCHEMA}.touched values (tg_table_name);
  end if;
  return null;
end $$;

create function ${SCHEMA}.snapshot() returns void language plpgsql as $$
declare t record; has_rows boolean;
begin
  for t in select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p') loop
    execute format('create trigger smaregi_test_touch after insert or update or delete or truncate on public.%I
                    for each statement execute function ${SCHEMA}.touch()', t.name);
    execute format('select exists (select 1 from public.%I)', t.name) into has_rows;
    if has_rows then
      execute format('create table ${SCHEMA}.%I as select * from public.%I', t.name, t.name);
      insert into ${SCHEMA}.saved
        select t.name, string_agg(quote_ident(a.attname), ', ' order by a.attnum) from pg_attribute a
        where a.attrelid = format('public.%I', t.name)::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = '';
    end if;
  end loop;
  insert into ${SCHEMA}.sequences
    select sequencename, coalesce(last_value, start_value), last_value is not null from pg_sequences where schemaname = 'public';
end $$;

-- Replica mode: no foreign-key checks and no touch triggers while the tables are put back.
create function ${SCHEMA}.restore() returns setof text language plpgsql as $$
declare t record;
begin
  set local session_replication_role = replica;
  for t in select distinct touched.name, saved.columns from ${SCHEMA}.touched left join ${SCHEMA}.saved using (name) loop
    execute format('delete from public.%I', t.name);
    if t.columns is not null then
      execute format('insert into public.%I (%s) select %s from ${SCHEMA}.%I', t.name, t.columns, t.columns, t.name);
    end if;
    return next t.name;
  end loop;
  delete from ${SCHEMA}.touched;
  perform setval(format('public.%I', s.name)::regclass, s.value, s.called) from ${SCHEMA}.sequences s;
end $$;
`

type DbUtils = {
  snapshot: (o: { databaseName: string; templateName: string }) => Promise<void>
  restore: (o: { databaseName: string; templateName: string }) => Promise<void>
  dropTemplate: (templateName: string) => Promise<void>
  [key: string]: unknown
}

function connect(database: string): Client {
  return new Client({
    host: process.env.DB_HOST ?? "localhost",
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USERNAME ?? "postgres",
    password: process.env.DB_PASSWORD || undefined,
    database,
  })
}

export const fullRestoreWanted = () => process.env.SMAREGI_TEST_FULL_RESTORE === "1"

// Work still writing when the next test starts would land in its database; Medusa's restore killed it. Wait for
// the app's sessions to finish their transactions, and end the ones that do not within the grace period.
async function quiesce(client: Client, graceMs = 5_000): Promise<void> {
  const busy = `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
                and backend_type = 'client backend' and state <> 'idle'`
  const deadline = Date.now() + graceMs
  for (;;) {
    const { rows } = await client.query(busy)
    if (!rows.length) return
    if (Date.now() > deadline) {
      console.warn(`table restore: ending ${rows.length} session(s) still busy ${graceMs} ms after the test`)
      await client.query(`select pg_terminate_backend(pid) from (${busy}) b`)
      return
    }
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Medusa's db utils with the snapshot and restore above (the original ones when the role cannot use them). */
function withTableRestore(utils: DbUtils): DbUtils {
  let client: Client | null = null
  let full = false
  return {
    ...utils,
    snapshot: async (options) => {
      client = connect(options.databaseName)
      await client.connect()
      const { rows } = await client.query(`select rolsuper from pg_roles where rolname = current_user`)
      if (!rows[0]?.rolsuper) {
        full = true
        await client.end()
        client = null
        return utils.snapshot(options)
      }
      await client.query(`drop schema if exists ${SCHEMA} cascade`)
      await client.query(INSTALL)
      await client.query(`select ${SCHEMA}.snapshot()`)
    },
    restore: async (options) => {
      if (full || !client) return utils.restore(options)
      await quiesce(client)
      await client.query(`select ${SCHEMA}.restore()`)
    },
    dropTemplate: async (templateName) => {
      await client?.end().catch(() => undefined)
      client = null
      return utils.dropTemplate(templateName)
    },
  }
}

/** Runs `start` (which constructs Medusa's test runner) with the table restore in place of the database copy. */
export function withTableRestoreFor<T>(start: () => T): T {
  if (fullRestoreWanted()) return start()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const database = require("@medusajs/test-utils/dist/database") as { dbTestUtilFactory: () => DbUtils }
  const original = database.dbTestUtilFactory
  database.dbTestUtilFactory = () => withTableRestore(original())
  try {
    return start()
  } finally {
    database.dbTestUtilFactory = original
  }
}
