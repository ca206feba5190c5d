import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FlakyProxyOptions {
  target: { host: string; port: number };
  /** Chance, per chunk sent by the client, that the connection is reset before the chunk goes on. */
  resetRequestChance: number;
  /** Chance, per chunk sent back by the server, that the connection is reset instead (the request was handled). */
  resetResponseChance: number;
  /** After this many resets the proxy passes everything, so a run always ends. */
  maxResets: number;
  random: () => number;
}

/**
 * A TCP proxy on 127.0.0.1 that cuts connections at random, like a phone moving between cells:
 * sometimes before the request reaches the server, sometimes after the server handled it and
 * before the answer arrives. HTTP and WebSocket traffic alike.
 */
export class FlakyProxy {
  resets = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: FlakyProxyOptions) {
    this.server = createServer((client) => this.pipe(client));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.options.target.port, this.options.target.host);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const reset = () => {
      this.resets += 1;
      client.resetAndDestroy();
      upstream.destroy();
    };
    const shouldReset = (chance: number) => this.resets < this.options.maxResets && this.options.random() < chance;
    client.on('data', (chunk) => {
      if (shouldReset(this.options.resetRequestChance)) reset();
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (shouldReset(this.options.resetResponseChance)) reset();
      else client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
