// `node bench/serverCpu.mjs <database> <out.json>`: the CPU seconds the PostgreSQL server's
// backends of <database> spend until this process gets SIGTERM (their /proc times, sampled
// every 20 ms: a backend that ends loses at most its last 20 ms). The bench's machine is shared,
// so the machine's CPU says little; this is the server's share of one crm command alone.
import fs from 'node:fs';

const [database, out] = process.argv.slice(2);
const seen = new Map();
const tick = () => {
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${database} `)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seen.set(pid, Number(fields[11]) + Number(fields[12])); // utime + stime, in ticks
    } catch {
      // gone meanwhile
    }
  }
};
const timer = setInterval(tick, 20);
tick();
fs.writeFileSync(`${out}.ready`, '');
process.on('SIGTERM', () => {
  clearInterval(timer);
  tick();
  fs.writeFileSync(out, JSON.stringify({ seconds: [...seen.values()].reduce((a, b) => a + b, 0) / 100, backends: seen.size }));
  process.exit(0);
});
