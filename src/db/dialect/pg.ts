// The PostgreSQL dialect: the one module that turns the SQL text src/db writes (SQLite's,
// kept portable) into PostgreSQL's. What is translated here, generically:
// - `?` placeholders → `$1, $2 …` (never inside quotes or comments);
// - json_object → json_build_object, json_group_array(x) → COALESCE(json_agg(x), '[]');
// - CAST(… AS REAL) → DOUBLE PRECISION (PostgreSQL's REAL is 4 bytes);
// - the column `user` (a reserved word there) → "user"; a mixed-case alias `AS createdAt` →
//   `AS "createdAt"` (PostgreSQL folds unquoted names to lower case);
// - an INSERT … VALUES into a table with an id gets RETURNING id (better-sqlite3's lastInsertRowid);
// - the schema `main.` (SQLite's name of the database itself) is dropped;
// - PRAGMA table_info / foreign_key_list → the catalogs, with SQLite's column names.
// julianday(), json_extract() and json_valid() exist as SQL functions in the PostgreSQL schema
// (drizzle-pg/), with SQLite's results. Everything else is written portably in src/db.

export interface Translated {
  sql: string;
  /** RETURNING id was added: the first row's id is lastInsertRowid. */
  returningId: boolean;
  /** How many `?` were numbered. */
  params: number;
}

/** The tables with an integer id (every table crm writes rows of, apart from the summaries). */
export type HasId = (table: string) => boolean;

interface Piece {
  text: string;
  /** A quoted literal, a quoted identifier or a comment: copied as it is. */
  quoted: boolean;
}

/** Split SQL into code and quoted/comment pieces. */
function pieces(sql: string): Piece[] {
  const out: Piece[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code) out.push({ text: code, quoted: false });
    code = '';
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      flush();
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out.push({ text: sql.slice(i, j + 1), quoted: true });
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      flush();
      const end = sql.indexOf('\n', i);
      const j = end < 0 ? sql.length : end;
      out.push({ text: sql.slice(i, j), quoted: true });
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      flush();
      const end = sql.indexOf('*/', i + 2);
      const j = end < 0 ? sql.length : end + 2;
      out.push({ text: sql.slice(i, j), quoted: true });
      i = j;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return out;
}

/** Apply `fn` to the code outside quotes and comments. */
function mapCode(sql: string, fn: (code: string) => string): string {
  return pieces(sql)
    .map((p) => (p.quoted ? p.text : fn(p.text)))
    .join('');
}

/** Replace `name(args)` by `wrap(args)`, with balanced parentheses (quotes respected). */
function replaceCall(sql: string, name: string, wrap: (args: string) => string): string {
  const re = new RegExp(`\\b${name}\\s*\\(`, 'gi');
  for (;;) {
    // find the first occurrence in code (not quoted)
    let at = -1;
    let offset = 0;
    for (const p of pieces(sql)) {
      if (!p.quoted) {
        re.lastIndex = 0;
        const m = re.exec(p.text);
        if (m) {
          at = offset + m.index;
          break;
        }
      }
      offset += p.text.length;
    }
    if (at < 0) return sql;
    const open = sql.indexOf('(', at);
    let depth = 0;
    let i = open;
    let quote: string | undefined;
    for (; i < sql.length; i++) {
      const c = sql[i]!;
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    sql = `${sql.slice(0, at)}${wrap(sql.slice(open + 1, i))}${sql.slice(i + 1)}`;
  }
}

const tableInfo = (table: string) =>
  `SELECT a.attnum - 1 AS cid, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, CASE WHEN a.attnotnull THEN 1 ELSE 0 END AS notnull,
     CASE WHEN a.attname = 'id' THEN 1 ELSE 0 END AS pk
   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.relname = '${table}' AND c.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`;

const foreignKeyList = (table: string) =>
  `SELECT cf.relname::text AS "table", a.attname::text AS "from", af.attname::text AS "to"
   FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class cf ON cf.oid = k.confrelid
   JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
   JOIN pg_attribute af ON af.attrelid = k.confrelid AND af.attnum = k.confkey[1]
   WHERE k.contype = 'f' AND c.relname = '${table}' AND c.relnamespace = current_schema()::regnamespace ORDER BY k.conname`;

/** `AS createdAt`: PostgreSQL folds an unquoted alias to lower case, SQLite keeps it as written. */
const MIXED_CASE_ALIAS = /\bAS\s+((?=[A-Za-z0-9_]*[a-z])(?=[A-Za-z0-9_]*[A-Z])[A-Za-z_][A-Za-z0-9_]*)\b/g;

const PRAGMA_STATEMENT = /^\s*PRAGMA\s+(?:main\.)?(table_info|foreign_key_list)\s*\(\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*\)\s*;?\s*$/i;

/**
 * The sales summaries are kept by every writer but not every user may read them (src/db/rights.ts):
 * their upserts and clean-ups (src/db/salesSummary.ts flush) go through crm's functions.
 */
const SUMMARY_UPSERT = /^\s*INSERT\s+INTO\s+(sales_summary(?:_client(?:_group)?)?)\s*\(([\w\s,]+)\)\s*VALUES\s*\(([?\s,]+)\)\s*ON\s+CONFLICT\b[^;]*DO\s+UPDATE\s+SET[^;]*\+\s*excluded\.[^;]*$/i;
const SUMMARY_PRUNE = /\bDELETE\s+FROM\s+(sales_summary(?:_client(?:_group)?)?)\s+WHERE\s+lines\s*=\s*0\b/gi;

/** One statement of SQLite's text as PostgreSQL's. */
export function translate(sql: string, hasId: HasId = () => false): Translated {
  const pragma = PRAGMA_STATEMENT.exec(sql);
  if (pragma) return { sql: pragma[1]!.toLowerCase() === 'table_info' ? tableInfo(pragma[2]!) : foreignKeyList(pragma[2]!), returningId: false, params: 0 };
  const upsert = SUMMARY_UPSERT.exec(sql);
  if (upsert) {
    const columns = upsert[2]!.split(',').map((c) => c.trim());
    return { sql: `SELECT crm_add_${upsert[1]!.toLowerCase()}(${columns.map((c, i) => `p_${c} => $${i + 1}`).join(', ')})`, returningId: false, params: columns.length };
  }
  let n = 0;
  let out = mapCode(sql, (code) =>
    code
      .replace(/\?/g, () => `$${++n}`)
      .replace(/\bjson_object\s*\(/gi, 'json_build_object(')
      .replace(/\bAS\s+REAL\s*\)/gi, 'AS DOUBLE PRECISION)')
      .replace(/(^|[^.\w])user\b/gi, '$1"user"')
      .replace(/\btemp\./gi, 'pg_temp.')
      .replace(/\bmain\.(?=\w)/gi, '')
      .replace(MIXED_CASE_ALIAS, 'AS "$1"'),
  );
  if (/\bjson_group_array\s*\(/i.test(out)) out = replaceCall(out, 'json_group_array', (args) => `COALESCE(json_agg(${args}), '[]'::json)`);
  let returningId = false;
  const insert = /^\s*INSERT\s+INTO\s+"?([A-Za-z_][A-Za-z0-9_]*)"?[\s(]/i.exec(out);
  if (insert && hasId(insert[1]!) && /\)\s*VALUES\s*\(/i.test(out) && !/\bRETURNING\b/i.test(out)) {
    out = `${out.replace(/[\s;]+$/, '')} RETURNING id`;
    returningId = true;
  }
  return { sql: out, returningId, params: n };
}

/** A script of several statements (exec): translated one by one; no placeholders there. */
export function translateScript(sql: string): string {
  return mapCode(sql, (code) =>
    code
      .replace(SUMMARY_PRUNE, (_, table: string) => `SELECT crm_prune_${table.toLowerCase()}()`)
      .replace(/\bBEGIN\s+IMMEDIATE\b/gi, 'BEGIN')
      .replace(/\bjson_object\s*\(/gi, 'json_build_object(')
      .replace(/\bAS\s+REAL\s*\)/gi, 'AS DOUBLE PRECISION)')
      .replace(/(^|[^.\w])user\b/gi, '$1"user"')
      .replace(/\btemp\./gi, 'pg_temp.')
      .replace(/\bmain\.(?=\w)/gi, ''),
  );
}

/** Where each table's id sequence stands (table, last value), as SQLite's sqlite_sequence lists them. */
export const SEQUENCE_POSITIONS = `SELECT regexp_replace(sequencename::text, '_id_seq$', '') AS name, last_value AS seq
  FROM pg_sequences WHERE schemaname = current_schema() AND sequencename::text LIKE '%\\_id\\_seq' AND last_value IS NOT NULL`;

/** Put table ?'s id sequence at ? (the next id is one more). */
export function setSequenceSql(): string {
  return `SELECT setval(pg_get_serial_sequence(?, 'id'), ?, true)`;
}
