// The CRM part of bench/run.ts benchCrm (same generator) on a company of 500 clients only: the funnel does not read shipments.
// node bench/crmFunnelData.mjs in an empty folder writes the CSVs; bench/results/crm-funnel.json says how they were timed.
import fs from 'node:fs';
const channels = ['direct', 'dealers', 'tenders'];
const stages = ['channel,stage,position,outcome', ...channels.flatMap((c) => [1, 2, 3, 4, 5].map((p) => `${c},s${p},${p},open`).concat([`${c},won,,won`, `${c},lost,,lost`]))];
fs.writeFileSync('stages.csv', `${stages.join('\n')}\n`);
fs.writeFileSync('reasons.csv', 'code,name\nBR1,Дорого\n');
fs.writeFileSync('managers.csv', 'code,name\nM1,A\n');
fs.writeFileSync('clients.csv', 'code,name,manager_code\n' + Array.from({ length: 500 }, (_, i) => `C${i},Client ${i},M1`).join('\n') + '\n');
const day = (n) => new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10);
let x = 13;
const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
const deals = ['deal_no,date,client_code,channel,amount'];
const moves = ['deal_no,date,stage,reason'];
for (let i = 0; i < 100_000; i++) {
  const start = Math.floor(rnd() * 330);
  deals.push(`BD${i},${day(start)},C${i % 500},${channels[i % 3]},${1000 + (i % 97) * 100}`);
  let n = start;
  let pos = 1;
  for (let k = 0; k < 5; k++) {
    n += 1 + Math.floor(rnd() * 6);
    if (k === 4) moves.push(`BD${i},${day(n)},${rnd() < 0.5 ? 'won' : 'lost'},BR1`);
    else if (rnd() < 0.15 && pos > 1) moves.push(`BD${i},${day(n)},s${--pos},BR1`);
    else moves.push(`BD${i},${day(n)},s${(pos = Math.min(5, pos + 1))},`);
  }
}
fs.writeFileSync('deals.csv', `${deals.join('\n')}\n`);
fs.writeFileSync('deal-stages.csv', `${moves.join('\n')}\n`);
