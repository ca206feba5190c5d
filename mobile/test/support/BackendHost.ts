import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The real backend, started the documented way: `dotnet run --project src/FitnessDriver.Host` from the
 * repository root with a fresh FD_DATA_DIR (it starts its own PostgreSQL there).
 * FD_REPO_ROOT points at another checkout, e.g. to try a backend that is not merged here yet.
 */
export const repoRoot = resolve(process.env.FD_REPO_ROOT ?? join(__dirname, '..', '..', '..'));
export const hostProject = join(repoRoot, 'src', 'FitnessDriver.Host');

/** Set when the environment asks to skip the backend tests; the tests print it as their reason. */
export const skipReason: string | undefined =
  process.env.FD_SKIP_BACKEND_TESTS === '1' ? 'FD_SKIP_BACKEND_TESTS=1 is set: the real backend is not started' : undefined;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

export class BackendHost {
  private output = '';

  private constructor(
    readonly url: string,
    private readonly process: ChildProcess | undefined,
    private readonly dataDir: string | undefined,
  ) {}

  get log(): string {
    return this.output;
  }

  /** Builds the host (so the start-up time is predictable), starts it and waits for /health/ready. */
  static async start(options: { buildTimeoutMs?: number; readyTimeoutMs?: number } = {}): Promise<BackendHost> {
    const running = process.env.FD_BACKEND_URL;
    if (running) {
      // A backend someone already started (e.g. under a debugger): use it as it is.
      const response = await fetch(`${running}/health/ready`).catch((error: unknown) => error);
      if (!(response instanceof Response) || response.status !== 200) {
        throw new Error(`FD_BACKEND_URL=${running} is not ready: ${response instanceof Response ? response.status : String(response)}`);
      }
      return new BackendHost(running.replace(/\/+$/, ''), undefined, undefined);
    }
    if (!existsSync(hostProject)) {
      throw new Error(`The backend host is not at ${hostProject}: cannot run the end-to-end test (set FD_REPO_ROOT, or FD_SKIP_BACKEND_TESTS=1 to skip it).`);
    }
    const build = spawnSync('dotnet', ['build', hostProject, '--nologo', '-v', 'quiet'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: options.buildTimeoutMs ?? 600_000,
    });
    if (build.status !== 0) {
      throw new Error(`dotnet build ${hostProject} failed (${build.status ?? build.signal}):\n${(build.stdout + build.stderr).slice(-4000)}`);
    }
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-data-'));
    const child = spawn('dotnet', ['run', '--no-build', '--project', hostProject, '--', '--urls', url], {
      cwd: repoRoot,
      // The tests sign many athletes up from one address; production limits would refuse them.
      env: { ...process.env, FD_DATA_DIR: dataDir, RateLimits__SignUpBurst: '100000', RateLimits__SignUpsPerHour: '100000', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const host = new BackendHost(url, child, dataDir);
    child.stdout?.on('data', (chunk: Buffer) => host.append(chunk));
    child.stderr?.on('data', (chunk: Buffer) => host.append(chunk));
    let exited: string | undefined;
    child.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));

    const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
    for (;;) {
      if (exited) {
        rmSync(dataDir, { recursive: true, force: true });
        throw new Error(`The backend ${exited} before it was ready:\n${host.log.slice(-4000)}`);
      }
      try {
        const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) return host;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await host.stop();
        throw new Error(`The backend did not answer 200 on /health/ready within the time allowed:\n${host.log.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async stop(): Promise<void> {
    if (this.process === undefined || this.dataDir === undefined) return;
    const child = this.process;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      // The host runs in its own process group so its PostgreSQL goes down with it.
      signalGroup(child, 'SIGTERM');
      const killed = setTimeout(() => signalGroup(child, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(killed);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private append(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-200_000);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
