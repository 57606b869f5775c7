// A TCP relay to the daemon's TCP port (16509, `qemu+tcp://127.0.0.1:<port>/system`) that a test can cut (both
// sides see EOF) or freeze (bytes stop in both directions: a hung peer), for the loop and remote-stream tests.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Relay {
  port: number;
  /** Ends every relayed connection: the client and libvirtd see EOF. */
  cut(): void;
  /** Stops forwarding in both directions without closing anything. */
  freeze(): void;
  /** Destroys the relayed connections and stops listening. */
  close(): void;
}

export async function startRelay(): Promise<Relay> {
  const pairs: [Socket, Socket][] = [];
  const server: Server = createServer((client) => {
    const daemon = connect(16509, '127.0.0.1');
    client.pipe(daemon);
    daemon.pipe(client);
    client.on('error', () => {});
    daemon.on('error', () => {});
    pairs.push([client, daemon]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const unpipe = (a: Socket, b: Socket) => {
    a.unpipe(b);
    b.unpipe(a);
  };
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      for (const [a, b] of pairs) {
        unpipe(a, b);
        a.end();
        b.end();
      }
    },
    freeze: () => {
      for (const [a, b] of pairs) {
        unpipe(a, b);
        a.pause();
        b.pause();
      }
    },
    close: () => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      server.close();
    },
  };
}
