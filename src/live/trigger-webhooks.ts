import type { Logger } from 'pino';
import type { TriggerSettings } from '../core/trigger-settings.js';
import type { TriggerEntry } from './live-events.js';
import { WebhookSender, type WebhookSenderOptions, type WebhookSenderStats } from './webhook-sender.js';

/** The sender's collaborators and limits a caller may set; see {@link WebhookSenderOptions}. */
export type TriggerWebhookOptions = Omit<WebhookSenderOptions, 'logger'>;

/**
 * POSTs every trigger of a profile that configured a webhook, through a WebhookSender (target
 * check, retries, signature, bounded queue), off the ingest path. The delivery id is profile and
 * sequence number, so a receiver can drop a repeat.
 */
export class TriggerWebhooks {
  private readonly sender: WebhookSender;
  private readonly log: Logger;

  constructor(
    private readonly settings: (profile: string) => Promise<TriggerSettings>,
    logger: Logger,
    options: TriggerWebhookOptions = {},
  ) {
    this.log = logger.child({ module: 'live.webhooks' });
    this.sender = new WebhookSender({ ...options, logger: this.log });
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

  stats(): WebhookSenderStats {
    return this.sender.stats();
  }

  /** Resolves once every delivery handed to the sender so far has settled. */
  drain(): Promise<void> {
    return this.sender.drain();
  }

  close(): Promise<void> {
    return this.sender.close();
  }
}
