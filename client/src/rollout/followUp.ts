// While a rollout is not over by our own model (the verify window after the tasks converge, a job finishing), the
// engine may have nothing to say: no event comes, and the watcher only polls while its snapshot converges. Whoever
// follows a rollout asks for a fresh snapshot every second until the model says it has ended.
export class FollowUp {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly refresh: () => Promise<unknown>, private readonly everyMs = 1000) {}

  /** Call after every new state: keeps one refresh pending while `active`, none otherwise. */
  schedule(active: boolean): void {
    if (!active) return this.dispose();
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh().catch(() => undefined);
    }, this.everyMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
