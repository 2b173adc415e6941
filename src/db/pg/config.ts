// How crm connects to a `postgres://` URL: node-postgres's client settings with libpq's
// defaults where the URL is silent (the OS user; the local socket for an empty host), so
// `postgres:///crm` means what it means to psql. Used by the worker and the tests.
import fs from 'node:fs';
import os from 'node:os';
import type { ClientConfig } from 'pg';
import pgConnectionString from 'pg-connection-string';

export function clientConfig(connectionString: string): ClientConfig {
  const u = new URL(connectionString);
  const config: ClientConfig = { application_name: 'crm' };
  if (!u.username && !process.env.PGUSER) config.user = process.env.USER ?? os.userInfo().username;
  if (!u.hostname && !u.searchParams.has('host') && !process.env.PGHOST) {
    const socket = ['/var/run/postgresql', '/tmp'].find((dir) => fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.startsWith('.s.PGSQL.')));
    config.host = socket ?? 'localhost';
  }
  const parsed = pgConnectionString.parse(connectionString) as Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined && value !== null && value !== '') (config as Record<string, unknown>)[key] = value;
  return config;
}
