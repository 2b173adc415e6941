// A password never leaves crm: not in a message, not in a report, not in the history.

const URL_PASSWORD = /(postgres(?:ql)?:\/\/[^:/@?#\s]*:)(?!PASSWORD@)[^@/?#\s]*@/gi; // the placeholder of the help stays

/** `postgres://ann:secret@host/crm` → `postgres://ann:***@host/crm`, wherever it stands in `text`. */
export function redactPasswords(text: string): string {
  return text.includes('://') ? text.replace(URL_PASSWORD, '$1***@') : text;
}

/**
 * Every string crm writes to `stream` goes through redactPasswords: one place, so that no
 * message, hint or listing that names the database (`created postgres://…`) can show the
 * password of the --db URL — PostgreSQL's own error texts included.
 */
export function redactStream(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? redactPasswords(chunk) : chunk, ...rest)) as typeof stream.write;
}
