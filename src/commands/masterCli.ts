// `crm clients|products|suppliers|managers|groups list|show|add|edit`. The flags of add and
// edit come from the import columns, so both take exactly what an import file does.
import { Command, Option } from 'commander';
import type { Ctx } from '../context.js';
import { entitySpec } from '../model/entities.js';
import { flagOf, MASTER_ENTITIES, SINGULAR } from './masterEntities.js';

export function registerMasterCommands(program: Command, makeCtx: (program: Command) => Ctx): void {
  for (const entity of MASTER_ENTITIES) {
    const spec = entitySpec(entity)!;
    const key = spec.key[0]!;
    const one = SINGULAR[entity];
    const group = program.command(entity).description(`${spec.title.toLowerCase()}: list, show, add, edit`);

    const list = group
      .command('list')
      .description(entity === 'groups' ? 'the group tree with product counts' : `list ${entity}`)
      .option('--search <text>', 'code or name containing the text (case, ё/е and look-alike letters ignored)')
      .option('--json', 'print JSON with every field')
      .option('--format <format>', 'table | csv | json | xlsx')
      .option('-o, --output <file>', 'write to a file (.csv, .json, .xlsx)');
    if (entity === 'products' || entity === 'groups') list.option('--group <code>', 'only this group and its descendants');
    if (entity === 'products' || entity === 'clients') list.option('--manager <code>', 'only this manager’s');
    list.action(async (opts) => {
      const { runList } = await import('./master.js');
      await runList(entity, opts, makeCtx(program));
    });

    group
      .command('show')
      .description(entity === 'clients' ? 'the client\'s card: every field, balance and overdue, last interactions, open deals and claims, sales of the last 12 months' : `every field of one ${one}`)
      .argument(`<${key}>`, `${one} ${key}`)
      .option('--json', 'print JSON')
      .action(async (code: string, opts: { json?: boolean }) => {
        const { runShow } = await import('./master.js');
        await runShow(entity, code, opts, makeCtx(program));
      });

    const add = group
      .command('add')
      .description(`add a ${one}; asks for missing required fields on a terminal, otherwise needs them as flags`);
    const edit = group
      .command('edit')
      .description(`change fields of a ${one}; the same checks as an import`)
      .argument(`<${key}>`, `${one} ${key}`);
    for (const c of spec.columns) {
      const flag = `${flagOf(c.name)} <value>`;
      add.addOption(new Option(flag, `${c.help}${c.required ? ' (required)' : ''}`));
      if (c.name !== key) edit.addOption(new Option(flag, `${c.help}${c.required ? ' (required: cannot be cleared)' : c.default !== undefined ? '' : '; "" clears it'}`));
    }
    // the same duplicate rules as an import, and the same way past them
    if (entity === 'products' || entity === 'clients' || entity === 'suppliers') {
      const what = entity === 'products' ? 'a name that normalizes like another product\'s' : 'an INN another code already has';
      for (const command of [add, edit]) command.option('--allow-duplicates', `accept ${what}`);
    }
    add.action(async (opts: Record<string, string>) => {
      const { runAdd } = await import('./master.js');
      await runAdd(entity, opts, makeCtx(program));
    });
    edit.action(async (code: string, opts: Record<string, string>) => {
      const { runEdit } = await import('./master.js');
      await runEdit(entity, code, opts, makeCtx(program));
    });
  }
}
