import type { Logger } from 'pino';
import type { TriggerSettings } from '../core/trigger-settings.js';
import type { TriggerEntry } from './live-events.js';
import { WebhookSender } from './webhook-sender.js';

/**
 * POSTs every trigger of a profile that configured a webhook, through a WebhookSender (retries,
 * signature, bounded queue), off the ingest path. The delivery id is profile and sequence number,
 * so a receiver can drop a repeat.
 */
export class TriggerWebhooks {
  private readonly sender: WebhookSender;
  private readonly log: Logger;

  constructor(
    private readonly settings: (profile: string) => Promise<TriggerSettings>,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'live.webhooks' });
    this.sender = new WebhookSender({ logger: this.log });
  }

  deliver(profile: string, triggers: readonly TriggerEntry[]): void {
    if (triggers.length === 0) return;
    this.settings(profile).then(
      ({ webhook }) => {
        if (!webhook) return;
        for (const t of triggers) {
          this.sender.enqueue({
            url: webhook.url,
            ...(webhook.secret ? { secret: webhook.secret } : {}),
            event: 'trigger',
            id: `${profile}-${t.seq}`,
            body: { profile, ...t },
          });
        }
      },
      (err: unknown) => this.log.warn({ err, profile }, 'webhook settings unreadable'),
    );
  }

  close(): Promise<void> {
    return this.sender.close();
  }
}
