// A record page's live stream as the browser holds it: GET /w/<slug>/live?view=…, read events.

/** One open live stream; counts the events it receives and the times it failed. */
export class SseViewer {
  events = 0;
  errors = 0;
  private controller: AbortController | null = null;

  constructor(
    private readonly base: () => string,
    private readonly cookie: string,
    private readonly view: string,
  ) {}

  async open(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    try {
      const res = await fetch(`${this.base()}/w/limburg/live?view=${this.view}`, { headers: { Cookie: this.cookie }, signal: controller.signal });
      if (res.status !== 200 || !res.body) {
        this.errors++;
        return;
      }
      void this.read(res.body, controller);
    } catch {
      if (!controller.signal.aborted) this.errors++;
    }
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController) {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) this.events += (decoder.decode(chunk, { stream: true }).match(/^event: /gm) ?? []).length;
      if (!controller.signal.aborted) this.errors++; // the server ended the stream
    } catch {
      if (!controller.signal.aborted) this.errors++;
    }
  }

  async reopen(): Promise<void> {
    this.close();
    await this.open();
  }

  close(): void {
    this.controller?.abort();
    this.controller = null;
  }
}
