// The command tree of `crm users` (SPEC §8); the implementation (src/commands/users.ts) loads when it runs.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';

const ROLES = 'admin | analyst | manager | warehouse';

export function registerUserCommands(program: Command, makeCtx: (program: Command) => Ctx): void {
  const load = () => import('./users.js');
  const users = program.command('users').description('users and their rights on a PostgreSQL server (SPEC §8; docs/postgresql.md)');
  const roleHelp = ROLES;
  users
    .command('add')
    .description('add a user: a PostgreSQL role in the group of its role (needs CREATEROLE)')
    .argument('<login>', 'the login: lower-case latin letters, digits, _')
    .option('--role <role>', roleHelp)
    .option('--manager <code>', 'manager role: the manager whose clients the user sees and changes')
    .option('--password-stdin', 'read the password from the first line of stdin (never echoed)')
    .action(async (login: string, opts) => (await load()).runUsersAdd(login, opts, makeCtx(program)));
  users
    .command('list')
    .description('the users crm added, with role, manager and status')
    .option('--json', 'print JSON')
    .action(async (opts) => (await load()).runUsersList(opts, makeCtx(program)));
  users
    .command('edit')
    .description("change a user's role, manager or password, or let a disabled user in again")
    .argument('<login>')
    .option('--role <role>', roleHelp)
    .option('--manager <code>', 'the manager whose clients the user sees')
    .option('--password-stdin', 'a new password from the first line of stdin')
    .option('--enable', 'let a disabled user log in again')
    .action(async (login: string, opts) => (await load()).runUsersEdit(login, opts, makeCtx(program)));
  users
    .command('disable')
    .description('the user can no longer log in (its history stays)')
    .argument('<login>')
    .action(async (login: string) => (await load()).runUsersDisable(login, makeCtx(program)));
  users
    .command('explain')
    .description('whether a user can read and change one record, and by which rule')
    .argument('<login>')
    .argument('<entity>', 'clients, orders, shipments, payments, deals, interactions, products … (or a table)')
    .argument('<key>', "the record's code or number")
    .option('--json', 'print JSON')
    .action(async (login: string, entity: string, key: string, opts) => (await load()).runUsersExplain(login, entity, key, opts, makeCtx(program)));
}
