// A real browser for the HTML reports (SPEC §10): Debian's headless Chromium driven over the
// DevTools protocol on a pipe (`--remote-debugging-pipe`: no port, no extra package). The
// tests measure what the browser laid out (the bars' heights), read the table as drawn, list
// every request the page made and keep a screenshot. `findChromium()` is undefined when none
// is installed: the tests then skip with one line.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => c !== undefined && c !== '' && fs.existsSync(c));
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export class Browser {
  private next = 1;
  private pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private listeners: ((m: Message) => void)[] = [];
  private buffer = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const input = child.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        if (message.id !== undefined) {
          const waiting = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiting?.reject(new Error(message.error.message));
          else waiting?.resolve(message.result ?? {});
        } else for (const l of this.listeners) l(message);
      }
    });
  }

  static async launch(executable: string): Promise<Browser> {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-chromium-'));
    const child = spawn(
      executable,
      ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--mute-audio', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const browser = new Browser(child, profile);
    await browser.send('Browser.getVersion');
    return browser;
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.next++;
    const out = this.child.stdio[3] as Writable;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Open `file` in a new tab of `width` CSS pixels; the page's requests are recorded. */
  async open(file: string, width = 1400): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const requests: string[] = [];
    let loaded!: () => void;
    const load = new Promise<void>((resolve) => (loaded = resolve));
    this.listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === 'Network.requestWillBeSent') requests.push(String((m.params?.request as { url: string }).url));
      if (m.method === 'Page.loadEventFired') loaded();
    });
    await this.send('Page.enable', {}, sessionId);
    await this.send('Network.enable', {}, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
    await this.send('Page.navigate', { url: `file://${path.resolve(file)}` }, sessionId);
    await load;
    return new Page(this, sessionId, requests);
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.send('Browser.close').catch(() => undefined);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(
    private readonly browser: Browser,
    private readonly session: string,
    /** Every URL the page asked for (the page itself included). */
    readonly requests: string[],
  ) {}

  /** The value of a JavaScript expression in the page (DevTools' evaluation: not the page's scripts, which its CSP forbids). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.browser.send('Runtime.evaluate', { expression, returnByValue: true }, this.session)) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** A PNG of the whole page. */
  async screenshot(file: string): Promise<void> {
    const [width, height] = await this.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.scrollHeight]');
    await this.browser.send('Emulation.setDeviceMetricsOverride', { width, height: Math.min(height, 8000), deviceScaleFactor: 1, mobile: false }, this.session);
    const { data } = (await this.browser.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, this.session)) as { data: string };
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
  }

  async close(): Promise<void> {
    await this.browser.send('Page.close', {}, this.session).catch(() => undefined);
  }
}
