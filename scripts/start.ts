// `npm run serve` (and `npm start`, after scripts/build.ts has made sure the build is current):
// serves the built app (adapter-node's handler) on Node 24. It never builds, so N instances
// started from one build (`npm run build` once, then `npm run serve` N times with their own
// PORT) are listening within seconds.
//
// adapter-node derives each request's origin from headers and assumes https when no protocol
// header says otherwise; kit then refuses every form post on plain-HTTP localhost as
// cross-site. This server speaks plain HTTP, so — unless the operator names a proxy's header
// in PROTOCOL_HEADER (deployment behind TLS) — it states the connection's real protocol in a
// header of its own, overwritten on every request so that no client can spoof it.
import { existsSync, realpathSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { missingServerFlags } from './lib/server-flags.ts';

// V8's heap is sized when the process starts, so the server's Node flags (lib/server-flags.ts)
// cannot be set from here: without them, this process becomes `node <flags> scripts/start.ts`
// (execve: the same process id, standard streams and environment, so a supervisor, `npm run
// serve` or a test that started it sees no difference). Where execve does not exist (Windows)
// the server runs without them.
const missing = missingServerFlags();
if (missing.length > 0 && process.execve) {
	process.execve(process.execPath, [
		process.execPath,
		...process.execArgv,
		...missing,
		fileURLToPath(import.meta.url),
		...process.argv.slice(2)
	]);
}

const OWN_HEADER = 'x-kairan-connection-protocol';
const behindProxy = Boolean(process.env.PROTOCOL_HEADER);
if (!behindProxy) process.env.PROTOCOL_HEADER = OWN_HEADER;

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);
process.env.KAIRAN_PUBLIC_URL ??= `http://localhost:${port}`;
// adapter-node refuses bodies over 512 KB by default; attachments may be 20 MiB (plus the
// editor's text in the same multipart form).
process.env.BODY_SIZE_LIMIT ??= '22M';

// Imported after the environment is final: the handler reads it when it loads. Through the
// build/ link's real path (.builds/<hash>/), so a later build switching the link never changes
// the files this process goes on loading.
const entry = new URL('../build/handler.js', import.meta.url);
if (!existsSync(entry)) {
	console.error('[kairan] no build: run `npm run build` first (or `npm start`, which builds).');
	process.exit(1);
}
const { handler } = await import(pathToFileURL(realpathSync(fileURLToPath(entry))).href);
// The app's JSON log (one object per line on stdout), as the server's own lines are.
const { logger } = await import('../src/lib/server/log.ts');

const server = http.createServer((req, res) => {
	if (!behindProxy) req.headers[OWN_HEADER] = 'http';
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});
// Idle keep-alive connections are closed after KEEP_ALIVE_TIMEOUT seconds (adapter-node's own
// variable; default 65 here, Node's is 5). With Node's 5 s, a server busy for seconds (the
// deadline rush) runs the close timer before it reads a request already sent on that
// connection — timers come before I/O in each turn of the event loop — and the client gets
// ECONNRESET for a request the server never saw.
server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT ?? 65) * 1000;
// Headers must arrive in HEADERS_TIMEOUT seconds (adapter-node's variable; Node's default 60).
server.headersTimeout = Number(process.env.HEADERS_TIMEOUT ?? 66) * 1000;
server.listen(port, host, () => {
	// PORT=0 takes any free port: the one taken is logged.
	const { port: bound } = server.address() as AddressInfo;
	logger.info(
		{ url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}` },
		'Kairan is listening'
	);
});

const stop = () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => process.exit(0), 10_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
