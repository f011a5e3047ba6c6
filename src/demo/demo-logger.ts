// Demo log lines in the three shapes real services mix: plain text, JSON with a "level" field
// and logfmt "level=". Now and then a line carries the demo API token, to show masking.

export type Level = 'debug' | 'info' | 'warn' | 'error';
type Shape = 'plain' | 'json' | 'logfmt';

/** Used when DEMO_API_TOKEN is unset. Public on purpose: it only guards the demo's own API. */
export const DEFAULT_DEMO_TOKEN = 'demo-token-4f9c2a7e1b';

export function demoToken(env: NodeJS.ProcessEnv = process.env): string {
  return env.DEMO_API_TOKEN || DEFAULT_DEMO_TOKEN;
}

export class DemoLogger {
  private count = 0;
  private secrets = 0;

  constructor(
    private readonly role: string,
    private readonly out: (line: string, level: Level) => void = defaultOut,
  ) {}

  log(level: Level, msg: string, fields: Record<string, string | number | boolean> = {}, shape?: Shape): void {
    const s = shape ?? (['plain', 'plain', 'json', 'logfmt'] as const)[this.count++ % 4]!;
    const time = new Date().toISOString();
    let line: string;
    if (s === 'json') line = JSON.stringify({ time, level, service: this.role, msg, ...fields });
    else if (s === 'logfmt') line = [`time=${time}`, `level=${level}`, `service=${this.role}`, `msg=${quote(msg)}`, ...Object.entries(fields).map(([k, v]) => `${k}=${quote(String(v))}`)].join(' ');
    else line = `${time} ${level.toUpperCase().padEnd(5)} [${this.role}] ${msg}${Object.entries(fields).map(([k, v]) => ` ${k}=${v}`).join('')}`;
    this.out(line, level);
  }

  info(msg: string, fields?: Record<string, string | number | boolean>): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, string | number | boolean>): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, string | number | boolean>): void {
    this.log('error', msg, fields);
  }

  /** A line carrying the token, in a shape masking catches by itself; by value too when set. */
  secretLine(env: NodeJS.ProcessEnv = process.env): void {
    const token = demoToken(env);
    // Its own rotation (not the shapes' count), starting, when a token is declared, with the
    // free-text line only masking by value hides: the one worth seeing first.
    const n = (this.secrets++ + (env.DEMO_API_TOKEN ? 3 : 0)) % (env.DEMO_API_TOKEN ? 4 : 3);
    if (n === 0) this.log('info', 'refreshed upstream credentials', { api_token: token }, 'logfmt');
    else if (n === 1) this.log('debug', `calling upstream with Authorization: Bearer ${token}`, {}, 'plain');
    else if (n === 2) this.log('debug', 'auth header built', { token }, 'json');
    // Only a declared secret's value can be masked in free text: opsdeck must know the value.
    else this.log('warn', `session key ${token} expires in 3 days`, {}, 'plain');
  }

  /**
   * Background chatter every 1–3 s: a line from `lines` picked by weight, and a token line
   * every ~15 lines. Returns a stop function.
   */
  chatter(lines: readonly (readonly [Level, string])[]): () => void {
    let timer: NodeJS.Timeout;
    let n = 0;
    const tick = (): void => {
      n++;
      if (n % 15 === 0) this.secretLine();
      else {
        const [level, msg] = lines[Math.floor(Math.random() * lines.length)]!;
        this.log(level, msg);
      }
      timer = setTimeout(tick, 1000 + Math.random() * 2000);
    };
    timer = setTimeout(tick, 300);
    return () => clearTimeout(timer);
  }
}

function quote(v: string): string {
  return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
}

function defaultOut(line: string, level: Level): void {
  (level === 'error' ? process.stderr : process.stdout).write(line + '\n');
}
