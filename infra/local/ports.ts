// Port choice for local services: the preferred port when it is free on 127.0.0.1, else one the
// kernel picks, so a second sandbox (or a test run beside `npm start`) never fails on a clash.
import net from 'node:net';

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

export async function freePortNear(preferred: number): Promise<number> {
  const chosen = (await tryListen(preferred)) ?? (await tryListen(0));
  if (chosen === undefined) throw new Error('no free port on 127.0.0.1');
  return chosen;
}
