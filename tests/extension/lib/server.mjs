// The local test server: serves the fixture pages on 127.0.0.1 and collects what the
// test build of the extension reports (POST /__report) and the screenshots it takes
// (POST /__shot), for tests that cannot drive the browser (Firefox without geckodriver).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

const FIXTURES = new URL('../fixtures/', import.meta.url);

// Reads a request body as JSON.
async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

// Starts the server on a free port; resolves with its address and report helpers.
export async function startServer() {
  const reports = [];
  const shots = new Map();
  const waiters = new Set();
  const notify = () => waiters.forEach((w) => w());
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/__report') {
        reports.push(await readJson(req));
      } else if (req.method === 'POST' && url.pathname === '/__shot') {
        const { name, dataUrl } = await readJson(req);
        shots.set(name, Buffer.from(dataUrl.split(',')[1], 'base64'));
      } else if (req.method === 'GET' && /^\/[\w-]+\.html$/.test(url.pathname)) {
        const body = await readFile(new URL(url.pathname.slice(1), FIXTURES));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(body);
        return;
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
      notify();
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  // Resolves with the first value of check() that is truthy, or rejects after ms.
  const waitFor = (check, ms, what) => new Promise((resolve, reject) => {
    const done = () => {
      const value = check();
      if (!value) return;
      waiters.delete(done);
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      waiters.delete(done);
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    // The server keeps the process alive while a test waits; a wait that a failed test
    // left behind must not keep it alive for the rest of its time-out.
    timer.unref();
    waiters.add(done);
    done();
  });

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    reports,
    // The latest report for a page path, once one has analysed items.
    waitForReport: (page, ms = 30000, accept = (r) => r.stats.items > 0) => waitFor(
      () => reports.filter((r) => r.page === page && accept(r)).at(-1), ms, `a report from ${page}`),
    waitForShot: (name, ms = 30000) => waitFor(() => shots.get(name), ms, `screenshot ${name}`),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
