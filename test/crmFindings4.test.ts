// Issue 13, the fourth trial's findings on the CRM side: the client card shows the status a
// claim had on --as-of (from the journal, or says it cannot tell); stage rules on every write of
// stages; a re-imported interaction whose stored copy was edited; Russian words under --lang ru;
// clearer refusals.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerProblem } from '../src/commands/crmRecords.js';
import { openDb } from '../src/db/connection.js';
import { entitySpec } from '../src/model/entities.js';
import { companyDb, copyDb, crmAsOf, dbFingerprint, ON_PG, query, writeFile } from './helpers.js';

const AS_OF = '2026-03-01';

let template: string;
beforeAll(() => {
  template = companyDb([
    ['managers', 'code,name\nM1,Анна\n'],
    ['groups', 'code,name\nG,Товары\n'],
    ['products', 'sku,name,group_code,price,cost\nP1,Кабель,G,100,60\n'],
    ['clients', 'code,name,manager_code,deferral_days\nX,Икс,M1,10\n'],
    ['reasons', 'code,name\nR1,Дорого\n'],
    ['stages', 'channel,stage,position,outcome\nПрямые,Контакт,1,\nПрямые,КП,2,\nПрямые,Выиграна,,won\nПрямые,Проиграна,,lost\n'],
    ['deals', 'deal_no,date,client_code,channel,manager_code,amount\nD1,2026-01-05,X,Прямые,M1,1000\nD2,2026-01-06,X,Прямые,M1,500\n'],
    ['deal-stages', 'deal_no,date,stage,reason\nD1,2026-01-15,КП,\n'],
    ['claim-causes', 'code,name\nDEF,Брак\n'],
    [
      'claims',
      'claim_no,date,client_code,cause_code,status,amount,result,resolved_date\n' +
        'K1,2026-02-01,X,DEF,new,100,,\nK2,2026-02-01,X,DEF,resolved,100,refund,2026-02-20\nK3,2026-02-01,X,DEF,in_work,100,,\n',
    ],
    ['negotiation-templates', 'template_code,position,item\nT,1,цена\nT,2,сроки\n'],
    ['negotiations', 'negotiation_no,date,client_code,template_code,manager_code\nN1,2026-02-05,X,T,M1\n'],
    ['interactions', 'date,client_code,kind,direction,manager_code,subject,result\n2026-02-10 11:00,X,звонок,in,M1,цены,перезвонить\n'],
  ]);
}, 120_000);

const { run } = crmAsOf(AS_OF);
const card = (db: string, asOf: string) => JSON.parse(run(db, '--as-of', asOf, 'clients', 'show', 'X', '--json').stdout) as { open_claims: { claim_no: string; status: string | null; status_now: string }[] };
const statuses = (db: string, asOf: string) => Object.fromEntries(card(db, asOf).open_claims.map((c) => [c.claim_no, [c.status, c.status_now]]));

describe('the card: a claim\'s status on --as-of, not today\'s', () => {
  it('recorded later: "new" when recorded as new (resolved since); not known when recorded in work or resolved — the card says so', () => {
    const { db } = copyDb(template);
    expect(run(db, 'claims', 'resolve', 'K1', '--result', 'refund', '--date', '2026-02-25').code).toBe(0);
    // on 02-10 all three were open; K1 was recorded as new (it was new then), K2 and K3 were recorded only as resolved and in work
    expect(statuses(db, '2026-02-10')).toEqual({ K1: ['new', 'resolved'], K2: [null, 'resolved'], K3: [null, 'in_work'] });
    const text = run(db, '--as-of', '2026-02-10', 'clients', 'show', 'X');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/K1 .*│ new /);
    expect(text.stdout).not.toMatch(/│ resolved /);
    expect(text.stdout).toMatch(/K2 .*new or in_work\?/);
    expect(text.stdout).toContain('? K2: its status on 2026-02-10 is not known (recorded after that day, and not as new; now resolved 2026-02-20): it was open then, new or in work');
    expect(text.stdout).toContain('? K3: its status on 2026-02-10 is not known');
    const ru = run(db, '--lang', 'ru', '--as-of', '2026-02-10', 'clients', 'show', 'X').stdout;
    expect(ru).toContain('новая или в работе?');
    expect(ru).toContain('? K2: статус на 10.02.2026 неизвестен');
    expect(ru).toMatch(/K1 .*│ новая /);
    // the day itself: every open claim as stored
    expect(statuses(db, '2026-02-22')).toEqual({ K1: ['new', 'resolved'], K3: [null, 'in_work'] });
  });

  it.skipIf(ON_PG)('recorded by the day: the status the journal had at the end of it', () => {
    const { db } = copyDb(template);
    expect(run(db, 'claims', 'edit', 'K1', '--status', 'in_work').code).toBe(0);
    // as if the claims were imported on 02-05 and K1 taken into work on 02-15
    const w = new Database(db);
    const ops = w.prepare("SELECT id, entity, kind FROM operations WHERE entity = 'claims' ORDER BY id").all() as { id: number; kind: string }[];
    w.prepare('UPDATE operations SET started_at = ? WHERE id = ?').run('2026-02-05T10:00:00Z', ops[0]!.id);
    w.prepare('UPDATE operations SET started_at = ? WHERE id = ?').run('2026-02-15T10:00:00Z', ops[ops.length - 1]!.id);
    w.close();
    expect(statuses(db, '2026-02-10')).toEqual({ K1: ['new', 'in_work'], K2: [null, 'resolved'], K3: ['in_work', 'in_work'] });
    expect(statuses(db, '2026-02-16')).toEqual({ K1: ['in_work', 'in_work'], K2: [null, 'resolved'], K3: ['in_work', 'in_work'] });
  });
});

describe('stage rules on every write of stages: exit 2, the row named, nothing written', () => {
  it.each([
    ['a won stage with a position', 'channel,stage,position,outcome\nТендеры,Заявка,1,\nТендеры,Победа,2,won\nТендеры,Проигрыш,,lost\n', 'row 3, column position "2": a won stage has no place in the funnel'],
    ['a lost stage with a position (Russian words)', 'канал,этап,позиция,исход\nТендеры,Заявка,1,открыт\nТендеры,Проигрыш,5,проигрыш\n', 'row 3, column position "5": a lost stage has no place in the funnel'],
    ['a new channel without an open stage', 'channel,stage,position,outcome\nТендеры,Победа,,won\nТендеры,Проигрыш,,lost\n', 'channel "Тендеры" would have no open stage'],
    ['a stored channel whose open stages the file makes won', 'channel,stage,position,outcome\nДилеры,Заявка,1,\n', ''],
  ])('%s', (name, csv, fragment) => {
    const { dir, db } = copyDb(template);
    if (fragment === '') {
      // a channel of one open stage, then a file that would leave it none: refused as the history rule allows it (no deals)
      expect(run(db, 'import', 'stages', writeFile(dir, 'a.csv', csv)).code).toBe(0);
      const before = dbFingerprint(db);
      const r = run(db, 'import', 'stages', writeFile(dir, 'b.csv', 'channel,stage,position,outcome\nдилеры,заявка,,won\n'));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('row 2, column outcome "won": channel "Дилеры" would have no open stage');
      expect(dbFingerprint(db)).toBe(before);
      return;
    }
    const before = dbFingerprint(db);
    const r = run(db, 'import', 'stages', writeFile(dir, 's.csv', csv));
    expect(r.code, name).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).toContain('nothing was written');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('in Russian too; a won stage without a position and a channel with an open one are taken', () => {
    const { dir, db } = copyDb(template);
    const r = run(db, '--lang', 'ru', 'import', 'stages', writeFile(dir, 's.csv', 'channel,stage,position,outcome\nТендеры,Победа,3,won\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('у выигрышного этапа нет места в воронке');
    const none = run(db, '--lang', 'ru', 'import', 'stages', writeFile(dir, 'n.csv', 'channel,stage,position,outcome\nТендеры,Победа,,won\n'));
    expect(none.stderr).toContain('у канала "Тендеры" не было бы открытого этапа');
    expect(run(db, 'import', 'stages', writeFile(dir, 'ok.csv', 'channel,stage,position,outcome\nТендеры,Заявка,1,\nТендеры,Победа,,won\n')).code).toBe(0);
  });
});

describe('interactions add: "recorded already" compares the fields that identify it, and says what differs', () => {
  const add = (db: string, ...args: string[]) => run(db, 'interactions', 'add', '--date', '2026-02-10 11:00', '--client-code', 'X', '--kind', 'call', '--direction', 'in', '--manager-code', 'M1', ...args);
  const numberOf = (db: string) => String(query<{ interaction_no: string }>(db, 'SELECT interaction_no FROM interactions')[0]!.interaction_no);

  it.each([
    ['the same, result too', ['--subject', 'цены', '--result', 'перезвонить'], 'this interaction is recorded already as NO (the same date, client, kind, direction, contact, subject and document): nothing was written'],
    ['the same, another result', ['--subject', 'цены', '--result', 'договорились'], 'recorded already as NO (the same date, client, kind, direction, contact, subject and document), with result "перезвонить" (given "договорились"): nothing was written; to change it: crm interactions edit NO'],
  ])('%s: exit 3, nothing written', (_name, args, fragment) => {
    const { db } = copyDb(template);
    const no = numberOf(db);
    const before = dbFingerprint(db);
    const r = add(db, ...args);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(fragment.replaceAll('NO', no));
    expect(dbFingerprint(db)).toBe(before);
  });

  it('its stored copy edited since: not "the same subject" — the number is taken, what differs is said; the edited copy is the one recorded', () => {
    const { db } = copyDb(template);
    const no = numberOf(db);
    expect(run(db, 'interactions', 'edit', no, '--subject', 'цены на кабель').code).toBe(0);
    const before = dbFingerprint(db);
    const taken = add(db, '--subject', 'цены');
    expect(taken.code).toBe(3);
    expect(taken.stderr).toContain(`this interaction's number ${no} (derived from the date, client, kind, direction, contact, subject and document) is taken by interaction ${no}, edited since: subject "цены на кабель" (given "цены")`);
    expect(taken.stderr).not.toContain('the same date, client');
    // the interaction as edited is recorded already (under its old number), not added a second time
    const twin = add(db, '--subject', 'цены на кабель', '--result', 'перезвонить');
    expect(twin.code).toBe(3);
    expect(twin.stderr).toContain(`recorded already as ${no}`);
    const ru = run(db, '--lang', 'ru', 'interactions', 'add', '--date', '2026-02-10 11:00', '--client-code', 'X', '--kind', 'звонок', '--direction', 'in', '--subject', 'цены');
    expect(ru.stderr).toContain(`номер этого взаимодействия ${no}`);
    expect(ru.stderr).toContain('subject «цены на кабель» (дано «цены»)');
    expect(dbFingerprint(db)).toBe(before);
    // a number of its own: added
    expect(add(db, '--subject', 'цены', '--interaction-no', 'I-2').code).toBe(0);
  });
});

describe('Russian under --lang ru', () => {
  it('the card, deals show and the funnel by channel say it in Russian; JSON keeps the stored words', () => {
    const { db } = copyDb(template);
    const card = run(db, '--lang', 'ru', 'clients', 'show', 'X').stdout;
    for (const part of ['на 01.03.2026', 'взаимодействия:', 'открытые сделки:', 'открытые претензии:', 'продажи, 2025-04 — 2026-03', '│ звонок ', '│ входящее ', '│ новая ', 'новая или в работе?']) expect(card).toContain(part);
    for (const english of [' on 2026', 'open deals', 'open claims', 'sales,', '│ call ', '│ new ']) expect(card).not.toContain(english);
    const show = run(db, '--lang', 'ru', '--as-of', '2026-03-01', 'deals', 'show', 'D1').stdout;
    expect(show).toContain('КП (открыт) с 15.01.2026');
    expect(show).toContain('история этапов (дни: до следующей смены, текущий этап — до 01.03.2026)');
    expect(show).toMatch(/│ открыт +│ начало /);
    expect(show).toMatch(/│ открыт +│ вперёд /);
    expect(show).not.toMatch(/since|stage history|│ open /);
    expect(JSON.parse(run(db, '--lang', 'ru', 'deals', 'show', 'D1', '--json').stdout).path[1]).toMatchObject({ outcome: 'open', move: 'forward' });
    const funnel = run(db, '--lang', 'ru', 'report', 'funnel', '--from', '2026-01-01', '--to', '2026-03-01');
    expect(funnel.stdout + funnel.stderr).toContain('Прямые: 2 сделки, выиграно 0 (0 %), проиграно 0');
    expect(run(db, 'report', 'funnel', '--from', '2026-01-01', '--to', '2026-03-01').stdout).toContain('Прямые: 2 deals, 0 won (0 %), 0 lost');
  });

  it('deal moves say the outcome in Russian', () => {
    const { db } = copyDb(template);
    const lost = run(db, '--lang', 'ru', 'deals', 'move', 'D2', 'Проиграна', '--date', '2026-01-20', '--reason', 'R1');
    expect(lost.code).toBe(0);
    expect(lost.stderr).toContain('сделка D2: Контакт → Проиграна (проигран) 2026-01-20, проиграна; причина R1');
    const reopen = run(db, '--lang', 'ru', 'deals', 'move', 'D2', 'Выиграна', '--date', '2026-01-25');
    expect(reopen.code).toBe(2);
    expect(reopen.stderr).toContain('повторное открытие сделки с «Проиграна» (проигран) требует причины');
    const unknown = run(db, '--lang', 'ru', 'deals', 'move', 'D2', 'Нет');
    expect(unknown.stderr).toContain('у канала «Прямые» сделки D2 нет этапа "Нет"');
    expect(unknown.stderr).not.toMatch(/has no stage|its stages/);
  });

  it.each([
    [['claims', 'list', '--status', 'открыта'], 0, ['K1', 'K3', 'новая', 'в работе'], ['K2']],
    [['claims', 'list', '--status', 'open'], 0, ['K1', 'K3'], ['K2']],
    [['claims', 'list', '--status', 'в работе'], 0, ['K3', 'в работе'], ['K1', 'K2']],
    [['claims', 'list', '--status', 'resolved'], 0, ['K2', 'решена'], ['K1', 'K3']],
    [['claims', 'list', '--status', 'zz'], 2, ['--status zz: ожидалось новая, в работе, решена, отклонена, открыта (или new, in_work, resolved, rejected, open)'], ['expected']],
    [['claims', 'list', '--status', 'решена', '--open'], 2, ['--open и --status решена противоречат друг другу'], ['contradict']],
    [['claims', 'show', 'K2'], 0, ['status            решена', 'result            возврат'], ['resolved ', 'refund']],
    [['interactions', 'list', '--kind', 'zz'], 2, ['--kind zz: ожидалось звонок, эл. письмо'], ['expected']],
    [['interactions', 'list', '--client', 'Q'], 2, ['--client Q: нет такого клиента (crm clients list)'], ['no such']],
    [['deals', 'list', '--channel', 'zz'], 2, ['--channel zz: нет такого канала продаж (каналы: Прямые)'], ['no such']],
    [['negotiations', 'list', '--template', 'zz'], 2, ['--template zz: нет такого шаблона переговоров'], ['no such']],
    [['claims', 'list', '--from', '2026-03-01', '--to', '2026-02-01'], 2, ['--to 2026-02-01 раньше --from 2026-03-01'], ['before']],
    [['claims', 'list', '--json', '--format', 'csv'], 2, ['--json и --format csv противоречат друг другу'], ['contradict']],
    [['clients', 'show', 'Q'], 2, ['нет клиента с кодом "Q"'], ['no client']],
    [['negotiations', 'check', 'N1', 'zz', 'да'], 2, ['в шаблоне «T» переговоров N1 нет пункта "zz"', 'его пункты: цена, сроки'], ['has no item', 'its items']],
  ])('--lang ru %j → exit %i', (args, code, parts, english) => {
    const { db } = copyDb(template);
    const before = dbFingerprint(db);
    const r = run(db, '--lang', 'ru', ...(args as string[]));
    expect(r.code).toBe(code);
    for (const p of parts) expect(r.stdout + r.stderr).toContain(p);
    for (const e of english) expect(r.stdout + r.stderr).not.toContain(e);
    expect(dbFingerprint(db)).toBe(before);
  });

  it('English status names and English words still work under en', () => {
    const { db } = copyDb(template);
    const r = run(db, 'claims', 'list', '--status', 'in_work');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/K3 .*in_work/);
    expect(run(db, 'claims', 'list', '--status', 'zz').stderr).toContain('--status zz: expected new, in_work, resolved, rejected, open');
  });
});

describe('clearer refusals: exit code, the message, nothing written', () => {
  it.each([
    [['negotiations', 'check', 'N1', '1', ''], 2, 'OUTCOME is empty: give yes, partly or no (да, частично, нет), e.g. crm negotiations check N1 1 yes'],
    [['negotiations', 'check', 'N1', '', 'да'], 2, 'ITEM is empty: give the item of template "T" by its position or its text (crm negotiations show N1): 1 цена, 2 сроки'],
    [['--lang', 'ru', 'negotiations', 'check', 'N1', ' ', 'да'], 2, 'ITEM пуст: укажите пункт шаблона «T» номером или текстом'],
    [['deals', 'move', 'D2', 'контакт'], 2, 'deal D2 has not moved yet: it is in "Контакт", where it started on 2026-01-06; move it to one of "КП", "Выиграна", "Проиграна"'],
    [['deals', 'move', 'D2', 'Счёт'], 2, 'channel "Прямые" of deal D2 has no stage "Счёт": its stages (the deal is in "Контакт"): Контакт, КП, Выиграна, Проиграна'],
    [['deals', 'move', 'D1', 'КП'], 2, 'the deal is in stage "КП" already'],
  ])('%j → exit %i', (args, code, fragment) => {
    const { db } = copyDb(template);
    const before = dbFingerprint(db);
    const r = run(db, ...(args as string[]));
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toContain('required value is empty');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('a checklist item renamed by a templates file: the refusal says an item is known by its text, and how to put the new one in its place', () => {
    const { dir, db } = copyDb(template);
    expect(run(db, 'negotiations', 'check', 'N1', '1', 'да').code).toBe(0);
    const before = dbFingerprint(db);
    const r = run(db, 'import', 'negotiation-templates', writeFile(dir, 't.csv', 'template_code,position,item\nT,1,цены\nT,2,сроки\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('position 1 of template "T" is item "цена"\'s, which this file leaves out: an item is known by its text, so "цены" is not a new name for "цена" but a second item');
    expect(r.stderr).toContain('give "цена" another position in this file');
    expect(dbFingerprint(db)).toBe(before);
    // as the message says: the new text in its place, the old one moved on
    expect(run(db, 'import', 'negotiation-templates', writeFile(dir, 't2.csv', 'template_code,position,item\nT,1,цены\nT,2,сроки\nT,3,цена\n')).code).toBe(0);
    // two rows of one file on one position: the message of before
    const twice = run(db, 'import', 'negotiation-templates', writeFile(dir, 't3.csv', 'template_code,position,item\nT,4,а\nT,4,б\n'));
    expect(twice.stderr).toContain('position 4 of template "T" is item "а"\'s');
    expect(twice.stderr).not.toContain('leaves out');
  });

  it('a folder given to import: said as a folder, with a file of it to give; not "unsupported file type (none)"', () => {
    const { dir, db } = copyDb(template);
    const folder = path.join(dir, 'register');
    fs.mkdirSync(folder);
    writeFile(folder, 'calls.csv', 'x');
    writeFile(folder, 'notes.doc', 'x');
    const before = dbFingerprint(db);
    const r = run(db, 'import', 'interactions', folder);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${folder}: that is a folder, not a file: give one file of it (.xlsx, .csv, .tsv or .json), e.g. crm import interactions ${folder}/calls.csv; it holds calls.csv`);
    expect(r.stderr).not.toContain('(none)');
    expect(run(db, '--lang', 'ru', 'import', 'interactions', folder).stderr).toContain('это папка, а не файл: укажите один файл из неё');
    expect(dbFingerprint(db)).toBe(before);
  });

  it('the prompt of an add checks each answer as it is given: an unknown client at once, a name or code of one taken', async () => {
    const handle = openDb(template, 'read');
    try {
      const column = (entity: string, name: string) => entitySpec(entity)!.columns.find((c) => c.name === name)!;
      expect(await answerProblem(handle, 'interactions', column('interactions', 'client_code'), 'Q')).toBe('no client with code or name "Q" (crm clients list)');
      expect(await answerProblem(handle, 'interactions', column('interactions', 'client_code'), 'X')).toBeNull();
      expect(await answerProblem(handle, 'interactions', column('interactions', 'client_code'), 'икс')).toBeNull();
      expect(await answerProblem(handle, 'claims', column('claims', 'cause_code'), 'ZZ')).toBe('no claim cause with code or name "ZZ" (crm export claim-causes)');
      expect(await answerProblem(handle, 'deals', column('deals', 'channel'), 'Тендеры')).toBe('--channel Тендеры: no such sales channel (the channels: Прямые)');
      expect(await answerProblem(handle, 'deals', column('deals', 'channel'), 'прямые')).toBeNull();
    } finally {
      handle.close();
    }
  });
});
