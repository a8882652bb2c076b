// Real HTTPS for tests: a certificate authority made with openssl at test time, and nginx from
// the system's packages in front of node processes, configured with the proxying part of the
// sample we ship (scripts/deploy/nginx/cantine.conf).
import { execFileSync, spawn } from "node:child_process";
import type { LookupAddress, LookupOptions } from "node:dns";
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { delimiter, join } from "node:path";
import { Agent } from "undici";

const repoRoot = new URL("../../", import.meta.url).pathname;

/** The full path of a program from the PATH or the sbin folders (nginx lives in /usr/sbin), or undefined. */
function findProgram(name: string): string | undefined {
  const folders = [...(process.env.PATH ?? "").split(delimiter), "/usr/local/sbin", "/usr/sbin", "/sbin"];
  for (const folder of folders.filter(Boolean)) {
    try {
      accessSync(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {
      // not there
    }
  }
  return undefined;
}

/** The program, or an error saying how to get it: the test must fail, not skip, without it. */
export function requireProgram(name: string, debianPackage = name): string {
  const path = findProgram(name);
  if (!path) throw new Error(`${name} is not installed: the HTTPS test needs it (Debian: apt-get install ${debianPackage}; .ci/run installs it)`);
  return path;
}

export type TestCa = { caFile: string; certs: Record<string, { cert: string; key: string }> };

/** openssl's date format for -startdate/-enddate. */
function opensslDate(date: Date): string {
  return `${date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:T]/g, "")}`;
}

/**
 * A certificate authority and one server certificate per host name, valid from a day ago for 800
 * days by this process's clock (the suite also runs with a shifted clock), in `dir`.
 */
export function makeTestCa(dir: string, hosts: string[]): TestCa {
  const openssl = requireProgram("openssl");
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync(openssl, args, { cwd: dir, env: { ...process.env, LEAF_HOST: "unused", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  mkdirSync(join(dir, "issued"), { recursive: true });
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(
    join(dir, "ca.cnf"),
    `[ ca ]
default_ca = test_ca
[ test_ca ]
database = ${join(dir, "index.txt")}
new_certs_dir = ${join(dir, "issued")}
rand_serial = yes
default_md = sha256
policy = any_name
unique_subject = no
email_in_dn = no
[ any_name ]
commonName = supplied
[ authority ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:\${ENV::LEAF_HOST}
`,
  );
  const now = Date.now();
  const validity = ["-startdate", opensslDate(new Date(now - 86_400_000)), "-enddate", opensslDate(new Date(now + 800 * 86_400_000))];
  const sign = (name: string, subject: string, extensions: string, host?: string, signer: string[] = ["-selfsign"]) => {
    run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${name}.key`]);
    run(["req", "-new", "-key", `${name}.key`, "-subj", subject, "-out", `${name}.csr`]);
    run(
      [
        "ca",
        "-batch",
        "-notext",
        "-config",
        "ca.cnf",
        ...signer,
        "-keyfile",
        "ca.key",
        "-in",
        `${name}.csr`,
        "-extensions",
        extensions,
        ...validity,
        "-out",
        `${name}.crt`,
      ],
      host ? { LEAF_HOST: host } : {},
    );
    return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  };
  sign("ca", "/CN=Cantine Test CA", "authority");
  const certs = Object.fromEntries(hosts.map((host) => [host, sign(host, `/CN=${host}`, "server", host, ["-cert", "ca.crt"])]));
  return { caFile: join(dir, "ca.crt"), certs };
}

/** A free TCP port on `address` (any 127.x address is loopback on Linux). */
export function freePortOn(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, address, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The proxying part of the shipped nginx sample: the TLS server's body size and `location /`. */
export function sampleProxyDirectives(upstream: string): string {
  const sample = readFileSync(join(repoRoot, "scripts/deploy/nginx/cantine.conf"), "utf8");
  const tls = sample.slice(sample.indexOf("listen 443"));
  const bodySize = /^\s*client_max_body_size [^;]+;/m.exec(tls)?.[0];
  const location = /^\s*location \/ \{[^}]*\}/m.exec(tls)?.[0];
  const target = "proxy_pass http://127.0.0.1:8000;";
  if (!bodySize || !location?.includes(target)) {
    throw new Error(`scripts/deploy/nginx/cantine.conf: expected client_max_body_size and a "location /" with "${target}" in its TLS server`);
  }
  return `${bodySize}\n${location.replace(target, `proxy_pass http://${upstream};`)}`;
}

export type Site = { address: string; port: number; serverName: string; cert: string; key: string; upstream: string };

export type Nginx = { accessLog(): string; output(): string; stop(): Promise<void> };

/** nginx in the foreground, serving `sites` over TLS with the sample's proxying, logging to `dir`. */
export async function startNginx(dir: string, sites: Site[]): Promise<Nginx> {
  const nginx = requireProgram("nginx");
  mkdirSync(join(dir, "temp"), { recursive: true });
  chmodSync(dir, 0o755);
  const runningAsRoot = process.getuid?.() === 0;
  const servers = sites.map(
    (site) => `
  server {
    listen ${site.address}:${site.port} ssl;
    server_name ${site.serverName};
    ssl_certificate ${site.cert};
    ssl_certificate_key ${site.key};
    ${sampleProxyDirectives(site.upstream)}
  }`,
  );
  writeFileSync(
    join(dir, "nginx.conf"),
    `${runningAsRoot ? "user root;" : ""}
daemon off;
worker_processes 1;
pid ${join(dir, "nginx.pid")};
error_log stderr warn;
events { worker_connections 256; }
http {
  log_format cantine '$remote_addr $ssl_server_name "$request" $status $ssl_protocol "$http_user_agent"';
  access_log ${join(dir, "access.log")} cantine;
  client_body_temp_path ${join(dir, "temp", "body")};
  proxy_temp_path ${join(dir, "temp", "proxy")};
  fastcgi_temp_path ${join(dir, "temp", "fastcgi")};
  uwsgi_temp_path ${join(dir, "temp", "uwsgi")};
  scgi_temp_path ${join(dir, "temp", "scgi")};
${servers.join("\n")}
}
`,
  );
  writeFileSync(join(dir, "access.log"), "");
  let output = "";
  const child = spawn(nginx, ["-e", "stderr", "-p", dir, "-c", join(dir, "nginx.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const handle: Nginx = {
    accessLog: () => readFileSync(join(dir, "access.log"), "utf8"),
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  // Listening once every site's port accepts connections.
  const deadline = Date.now() + 10_000;
  for (const site of sites) {
    while (!(await accepts(site.address, site.port))) {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) {
        await handle.stop();
        throw new Error(`nginx did not listen on ${site.address}:${site.port}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return handle;
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = connect({ host, port });
    connection.once("connect", () => {
      connection.destroy();
      resolve(true);
    });
    connection.once("error", () => resolve(false));
  });
}

/**
 * How the test itself reaches the nodes over HTTPS: the test authority is trusted and the test's
 * host names resolve to their proxies' addresses, for this client only.
 */
export function httpsClient(caFile: string, hosts: Record<string, string>): (url: string, init?: RequestInit) => Promise<Response> {
  const lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const address = hosts[hostname];
    if (!address) return callback(Object.assign(new Error(`unknown test host ${hostname}`), { code: "ENOTFOUND" }), []);
    if (options.all) callback(null, [{ address, family: 4 }]);
    else callback(null, address, 4);
  };
  const dispatcher = new Agent({ connect: { ca: readFileSync(caFile), lookup } as Agent.Options["connect"] });
  return (url, init = {}) => fetch(url, { ...init, dispatcher } as RequestInit);
}
