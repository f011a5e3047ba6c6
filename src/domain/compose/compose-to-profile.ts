// A docker-compose file as a first opsdeck profile: every compose service becomes a docker
// service bound by its compose labels (so replicas count), depends_on carries over, published
// ports become checks (http where the port looks like HTTP, tcp otherwise), variables the file
// expects from the shell become `requires`, credential-looking names `secrets`. What is guessed
// or left out is said in a comment next to it. Pure: the adapter parses and writes YAML.
import { NAME_PATTERN } from '../profile/profile-schema.js';

/** A comment for the YAML node at `path` (e.g. ['services', 'web', 'health', 0]). */
export interface ComposeNote {
  path: (string | number)[];
  text: string;
}

export interface ComposeImport {
  profile: Record<string, unknown>;
  notes: ComposeNote[];
}

const CREDENTIAL = /(PASSWORD|PASSWD|PASS$|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH)/i;
const HTTP_PORTS = new Set([80, 443, 3000, 4000, 5000, 8000, 8008, 8080, 8081, 8443, 8888, 9000, 9090]);
const HTTP_IMAGES = /(nginx|httpd|caddy|traefik|apache|grafana|kibana|jenkins|node|python|php|ruby|tomcat|wordpress)/i;
const INTERPOLATION = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A name opsdeck accepts, from any compose name. */
export function profileName(raw: string): string {
  const n = raw.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return NAME_PATTERN.test(n) ? n : 'compose';
}

export function composeToProfile(compose: unknown, options: { project: string; file: string }): ComposeImport {
  if (!isObj(compose) || !isObj(compose.services)) throw new RangeError(`${options.file}: not a compose file (no services:)`);
  const notes: ComposeNote[] = [];
  const note = (path: (string | number)[], text: string): void => void notes.push({ path, text });
  const requires = new Set<string>();
  const secrets = new Set<string>();
  const services: Obj = {};
  const project = options.project;

  // Variables the file takes from the shell: ${VAR} and $VAR anywhere (a default ${VAR:-x} is not required).
  for (const m of JSON.stringify(compose).replace(/\$\$/g, '').matchAll(INTERPOLATION)) {
    const name = m[1] ?? m[3]!;
    if (!m[2]?.includes('-')) requires.add(name);
    if (CREDENTIAL.test(name)) secrets.add(name);
  }

  for (const [name, raw] of Object.entries(compose.services)) {
    const s = isObj(raw) ? raw : {};
    const key = profileName(name) === name ? name : profileName(name);
    const path = ['services', key];
    const out: Obj = { docker: { project, service: name } };
    const desc = typeof s.image === 'string' ? `image ${s.image}` : s.build !== undefined ? 'built by compose' : undefined;
    if (desc) out.description = desc;
    const deps = Array.isArray(s.depends_on) ? s.depends_on.map(String) : isObj(s.depends_on) ? Object.keys(s.depends_on) : [];
    if (deps.length) out.depends_on = deps.map((d) => profileName(d) === d ? d : profileName(d));
    const health: Obj[] = [];
    for (const port of publishedPorts(s.ports)) {
      if ('skip' in port) {
        note(path, port.skip);
        continue;
      }
      const looksHttp = HTTP_PORTS.has(port.target) || (typeof s.image === 'string' && HTTP_IMAGES.test(s.image) && port.target !== 5432 && port.target !== 6379);
      if (looksHttp) {
        note([...path, 'health', health.length], `guessed: port ${port.published} -> ${port.target} looks like HTTP; set the health path and expected status`);
        const scheme = port.target === 443 || port.target === 8443 ? 'https' : 'http';
        health.push({ http: { url: `${scheme}://${port.host}:${port.published}/` } });
      } else {
        note([...path, 'health', health.length], `port ${port.published} -> ${port.target}: a TCP connect check`);
        health.push({ tcp: { host: port.host, port: port.published } });
      }
    }
    if (health.length) out.health = health;
    const hc = s.healthcheck;
    if (isObj(hc)) {
      const test = Array.isArray(hc.test) ? hc.test.map(String) : typeof hc.test === 'string' ? ['CMD-SHELL', hc.test] : [];
      if (hc.disable === true || test[0] === 'NONE') note(path, 'compose disables the image HEALTHCHECK: only the container state counts');
      else if (test.length) note(path, `HEALTHCHECK (${test.slice(1).join(' ')}): opsdeck reads its verdict from the container, no extra check needed`);
    }
    for (const v of envNames(s.environment)) {
      if (v.fromShell) requires.add(v.name);
      if (CREDENTIAL.test(v.name)) {
        secrets.add(v.name);
        if (!v.fromShell) note(path, `${v.name} has a literal value in the compose file: move it out (env_file or the shell) — it is listed as a secret`);
      }
    }
    const envFiles = Array.isArray(s.env_file) ? s.env_file : s.env_file !== undefined ? [s.env_file] : [];
    for (const f of envFiles) note(path, `env_file ${isObj(f) ? String(f.path) : String(f)}: compose loads it; its variables are not listed here`);
    if (s.build !== undefined) note(path, `built from ${isObj(s.build) ? String(s.build.context ?? '.') : String(s.build)}: build and create it with docker compose; opsdeck starts and stops existing containers`);
    if (Array.isArray(s.profiles) && s.profiles.length) note(path, `only in compose profile(s) ${s.profiles.join(', ')}: not created by a plain \`docker compose up\``);
    const replicas = isObj(s.deploy) ? Number(s.deploy.replicas) : NaN;
    if (Number.isFinite(replicas) && replicas > 1) note(path, `${replicas} replicas: one service here, health from all of them`);
    if (typeof s.container_name === 'string') note(path, `container_name ${s.container_name}: found by its compose labels all the same`);
    if (!health.length && !isObj(hc)) note(path, 'no published port and no HEALTHCHECK: only the container state counts; add a check');
    services[key] = out;
  }

  const environments: Obj = { local: { description: `this machine (docker compose project ${project})`, ...(requires.size ? { requires: [...requires].sort() } : {}) } };
  if (requires.size) note(['environments', 'local', 'requires'], 'variables the compose file takes from the shell (without a default)');
  if (secrets.size) note(['secrets'], 'guessed from the names: their values are masked everywhere');
  const profile: Obj = { name: profileName(project), description: `imported from ${options.file}`, environments, ...(secrets.size ? { secrets: [...secrets].sort() } : {}), services };
  return { profile, notes };
}

type Port = { host: string; published: number; target: number } | { skip: string };

/** Published TCP ports in both syntaxes: "8080:80", "127.0.0.1:8080:80/tcp", { target, published, host_ip }. */
export function publishedPorts(ports: unknown): Port[] {
  if (!Array.isArray(ports)) return [];
  return ports.map((p): Port => {
    if (isObj(p)) {
      if (p.protocol !== undefined && p.protocol !== 'tcp') return { skip: `port ${String(p.target)}/${String(p.protocol)}: not TCP, no check` };
      const published = Number(p.published);
      if (!Number.isInteger(published)) return { skip: `port ${String(p.target)}: published on a random host port (no check)` };
      return { host: loopback(typeof p.host_ip === 'string' ? p.host_ip : ''), published, target: Number(p.target) };
    }
    const text = String(p);
    const [spec, proto] = text.split('/');
    if (proto && proto !== 'tcp') return { skip: `port ${text}: not TCP, no check` };
    const parts = spec!.split(':');
    if (parts.length === 1) return { skip: `port ${text}: published on a random host port (no check)` };
    const target = parts.at(-1)!;
    const published = parts.at(-2)!;
    const host = parts.length > 2 ? parts.slice(0, -2).join(':').replace(/^\[|\]$/g, '') : '';
    if (published.includes('-') || target.includes('-')) return { skip: `ports ${text}: a range, no check` };
    if (!/^\d+$/.test(published)) return { skip: `port ${text}: published on a random host port (no check)` };
    return { host: loopback(host), published: Number(published), target: Number(target) };
  });
}

const loopback = (ip: string): string => (!ip || ip === '0.0.0.0' || ip === '::' ? '127.0.0.1' : ip);

/** Variable names in `environment:` (list or map); fromShell: no value given (compose passes the shell's). */
function envNames(env: unknown): { name: string; fromShell: boolean }[] {
  if (Array.isArray(env)) {
    return env.map(String).map((e) => (e.includes('=') ? { name: e.slice(0, e.indexOf('=')), fromShell: false } : { name: e, fromShell: true }));
  }
  // A value that is itself ${VAR} comes from the shell too (and VAR is already required).
  if (isObj(env)) return Object.entries(env).map(([name, v]) => ({ name, fromShell: v === null || v === undefined || /^\$\{?[A-Za-z_]/.test(String(v)) }));
  return [];
}
