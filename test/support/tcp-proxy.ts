import { createConnection, createServer, type Socket } from 'node:net';

export type TcpProxy = {
  /** The port clients connect to. */
  port: number;
  /** Cuts every open connection at once, both ways, without a close handshake. */
  dropAll(): number;
  close(): Promise<void>;
};

/**
 * A TCP proxy in front of a server on 127.0.0.1: tests connect through it to have their
 * connections cut abruptly, as a network drop would, while the server keeps running.
 */
export async function startTcpProxy(targetPort: () => number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((downstream) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort() });
    const pair: [Socket, Socket] = [downstream, upstream];
    pairs.add(pair);
    const cut = () => {
      pairs.delete(pair);
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on('error', cut).on('close', cut);
    upstream.on('error', cut).on('close', cut);
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const dropAll = () => {
    const count = pairs.size;
    for (const [downstream, upstream] of [...pairs]) {
      downstream.destroy();
      upstream.destroy();
    }
    pairs.clear();
    return count;
  };
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    dropAll,
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
