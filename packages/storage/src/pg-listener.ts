import pg from 'pg';

/**
 * A dedicated PostgreSQL connection held in LISTEN. It reconnects by itself when the server
 * goes away and tells the subscriber (empty payload) so that it can catch up on what it missed.
 */
export class PgListener {
  #client: pg.Client | null = null;
  #stopped = false;
  #retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (msg) => {
      if (msg.channel === this.channel) this.onPayload(msg.payload ?? '');
    });
    client.on('error', () => this.#reconnectLater());
    client.on('end', () => this.#reconnectLater());
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    this.#client = client;
  }

  #reconnectLater(): void {
    if (this.#stopped || this.#retry) return;
    this.#client = null;
    this.#retry = setTimeout(async () => {
      this.#retry = null;
      try {
        await this.start();
        this.onPayload('');
      } catch {
        this.#reconnectLater();
      }
    }, 1000);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    if (client) await client.end().catch(() => {});
  }
}
