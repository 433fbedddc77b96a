// The live services, for drift and "Compare with live": one engine connection (the Swarm view's settings and
// context), negotiated once and reused; dropped when the connection settings change or a call fails.
import * as vscode from 'vscode';
import { currentConnection } from '../deploy/deployCommand';
import { DockerodeEngine } from '../engine/engine';
import type { LiveService } from './drift';

export class LiveServices implements vscode.Disposable {
  private engine: Promise<DockerodeEngine> | undefined;
  private inflight: Promise<LiveService[]> | undefined;

  /** Every service of the swarm (GET /services); throws with a readable message when Docker is unreachable. */
  async services(): Promise<LiveService[]> {
    // several open files refreshing at once share one request
    this.inflight ??= this.fetch().finally(() => { this.inflight = undefined; });
    return await this.inflight;
  }

  private async fetch(): Promise<LiveService[]> {
    this.engine ??= (async () => {
      const c = currentConnection();
      if ('error' in c) throw new Error(c.error);
      const e = new DockerodeEngine(c);
      try { await e.negotiate(); } catch (err) { e.dispose(); throw err; }
      return e;
    })();
    try {
      const engine = await this.engine;
      return (await engine.services()) as unknown as LiveService[];
    } catch (err) {
      this.reset();
      throw err;
    }
  }

  reset(): void {
    const old = this.engine;
    this.engine = undefined;
    void old?.then((e) => e.dispose(), () => undefined);
  }

  dispose(): void { this.reset(); }
}
