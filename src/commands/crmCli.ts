// `crm interactions|deals|negotiations|claims list|show|add|edit` and the operations a person
// does one at a time (SPEC §9): `deals move`, `claims resolve`, `negotiations check`. The flags
// of add and edit come from the import columns, so both take exactly what an import file does.
import { Command, Option } from 'commander';
import type { Ctx } from '../context.js';
import { entitySpec } from '../model/entities.js';
import { CRM_ENTITIES, CRM_SINGULAR } from './crmRecords.js';
import { flagOf } from './masterEntities.js';

export function registerCrmCommands(program: Command, makeCtx: (program: Command) => Ctx): void {
  const records = () => import('./crmRecords.js');
  const groups = new Map<string, Command>();
  for (const entity of CRM_ENTITIES) {
    const spec = entitySpec(entity)!;
    const key = spec.key[0]!;
    const one = CRM_SINGULAR[entity];
    const group = program.command(entity).description(`${spec.title.toLowerCase()}: list, show, add, edit${EXTRA[entity]}`);
    groups.set(entity, group);

    const list = group
      .command('list')
      .description(`list ${entity}, oldest first`)
      .option('--client <code>', 'only this client’s')
      .option('--manager <code>', 'only this manager’s')
      .option('--from <day>', 'dated on or after the day (or the first day of a month: 2026-03)')
      .option('--to <day>', 'dated on or before the day (or the last day of a month)');
    if (entity === 'interactions') list.option('--kind <kind>', 'call, email, mail, fax, meeting, visit or other');
    if (entity === 'deals') list.option('--channel <channel>', 'only this sales channel').option('--open', 'only deals in an open stage (at --as-of)');
    if (entity === 'claims') list.option('--status <status>', 'new, in_work, resolved or rejected (новая, в работе, решена, отклонена); open (открыта) = --open').option('--open', 'only new and in-work claims');
    if (entity === 'negotiations') list.option('--template <code>', 'only those prepared with this checklist');
    list
      .option('--json', 'print JSON with every field')
      .option('--format <format>', 'table | csv | json | xlsx')
      .option('-o, --output <file>', 'write to a file (.csv, .json, .xlsx)')
      .action(async (opts) => (await records()).runCrmList(entity, opts, makeCtx(program)));

    const show = group
      .command('show')
      .description(entity === 'deals' ? 'a deal and its whole stage history, with the days in each stage' : `every field of one ${one}${entity === 'negotiations' ? ' and its checklist' : ''}`)
      .argument(`<${key}>`, `${one} ${key}`)
      .option('--json', 'print JSON');
    show.action(async (code: string, opts: { json?: boolean }) => {
      if (entity === 'deals') return (await import('./deals.js')).runDealShow(code, opts, makeCtx(program));
      return (await records()).runCrmShow(entity, code, opts, makeCtx(program));
    });

    const add = group
      .command('add')
      .description(`add ${entity === 'interactions' ? 'an' : 'a'} ${one}; asks for missing required fields on a terminal, otherwise needs them as flags`);
    const edit = group
      .command('edit')
      .description(`change fields of ${entity === 'interactions' ? 'an' : 'a'} ${one}; the same checks as an import`)
      .argument(`<${key}>`, `${one} ${key}`);
    for (const c of spec.columns) {
      const flag = `${flagOf(c.name)} <value>`;
      add.addOption(new Option(flag, `${c.help}${c.required ? ' (required)' : ''}`));
      if (c.name !== key) edit.addOption(new Option(flag, `${c.help}${c.required ? ' (required: cannot be cleared)' : '; "" clears it'}`));
    }
    if (entity === 'deals') add.addHelpText('after', '\nA new deal starts in its channel\'s first open stage on its date; move it with crm deals move.\n');
    add.action(async (opts: Record<string, string>) => (await records()).runCrmAdd(entity, opts, makeCtx(program)));
    edit.action(async (code: string, opts: Record<string, string>) => (await records()).runCrmEdit(entity, code, opts, makeCtx(program)));
  }

  groups
    .get('deals')!
    .command('move')
    .description('record a stage change of a deal (forward, back, won, lost or reopened); one undoable operation')
    .argument('<deal>', 'deal number')
    .argument('<stage>', 'a stage of the deal\'s channel (crm import stages)')
    .option('--date <day>', 'the day of the move (default: --as-of); a second move the same day replaces the first')
    .option('--reason <code>', 'a refusal reason code (crm reasons): required for a move back, to a lost stage, or out of a won or lost one')
    .option('--note <text>', 'free text')
    .addHelpText('after', '\nExamples:\n  crm deals move D-101 proposal\n  crm deals move D-101 qualification --reason PRICE --note "wants a lower price"\n')
    .action(async (deal: string, stage: string, opts) => (await import('./deals.js')).runDealMove(deal, stage, opts, makeCtx(program)));

  groups
    .get('claims')!
    .command('resolve')
    .description('close a claim: its result, the day (default --as-of) and what the supplier paid back; status resolved, or rejected for the result rejected')
    .argument('<claim>', 'claim number')
    .requiredOption('--result <result>', 'replacement, refund, discount, repair or rejected')
    .option('--date <day>', 'the day it was resolved (default: --as-of)')
    .option('--recovered-amount <amount>', 'what the supplier paid back')
    .option('--amount <amount>', 'what the claim turned out to be worth')
    .action(async (claim: string, opts) => (await import('./crmOps.js')).runClaimResolve(claim, opts, makeCtx(program)));

  groups
    .get('negotiations')!
    .command('check')
    .description('record the outcome of a checklist item of a negotiation (again for the same item: changes it)')
    .argument('<negotiation>', 'negotiation number')
    .argument('<item>', 'an item of the negotiation\'s template (its text, or its position: 1, 2 …)')
    .argument('<outcome>', 'yes, partly or no (да, частично, нет)')
    .option('--note <text>', 'free text')
    .action(async (negotiation: string, item: string, outcome: string, opts) =>
      (await import('./crmOps.js')).runNegotiationCheck(negotiation, item, outcome, opts, makeCtx(program)),
    );
}

const EXTRA: Record<string, string> = { interactions: '', deals: ', move', negotiations: ', check', claims: ', resolve' };
