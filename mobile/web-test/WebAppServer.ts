import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
};

/**
 * Serves the exported web build and forwards /v1 and /health (HTTP and the notification WebSocket)
 * to the backend, so the page and the API share one origin and the backend needs no CORS.
 */
export class WebAppServer {
  private readonly server: Server;
  private readonly backend: URL;

  constructor(
    private readonly root: string,
    backendUrl: string,
  ) {
    this.backend = new URL(backendUrl);
    this.server = createServer((req, res) => {
      if (isApi(req)) {
        const upstream = httpRequest(
          { host: this.backend.hostname, port: this.backend.port, method: req.method, path: req.url, headers: { ...req.headers, host: this.backend.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (error) => {
          if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
          res.end(String(error));
        });
        req.pipe(upstream);
        return;
      }
      const path = normalize(join(this.root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
      const file = path.startsWith(this.root) && existsSync(path) && statSync(path).isFile() ? path : join(this.root, 'index.html');
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (!isApi(req)) {
        socket.destroy();
        return;
      }
      const upstream = connect(Number(this.backend.port), this.backend.hostname, () => {
        const headers = Object.entries({ ...req.headers, host: this.backend.host })
          .flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => `${name}: ${v}`) : [`${name}: ${value ?? ''}`]))
          .join('\r\n');
        upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      const close = () => {
        upstream.destroy();
        socket.destroy();
      };
      upstream.on('error', close);
      socket.on('error', close);
      upstream.on('close', close);
      socket.on('close', close);
    });
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function isApi(req: IncomingMessage): boolean {
  const url = req.url ?? '/';
  return url.startsWith('/v1/') || url.startsWith('/health');
}
