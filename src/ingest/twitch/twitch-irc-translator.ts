import type { LiveEvent } from '../../core/live-event.js';
import { CommunityGiftTracker } from './community-gift-tracker.js';
import type { IrcMessage } from './irc-message.js';
import { mapTwitchIrcMessage } from './twitch-irc.mapper.js';

/**
 * Turns the IRC messages of one joined channel into LiveEvents, each message once: it keeps
 * only PRIVMSG/USERNOTICE addressed to `#channel`, skips the single gifts a mystery gift already
 * counted (`CommunityGiftTracker`) and maps the rest with `mapTwitchIrcMessage`.
 * Deterministic: the same messages in the same order give the same events.
 */
export class TwitchIrcTranslator {
  private readonly target: string;
  private readonly gifts = new CommunityGiftTracker();

  constructor(
    channel: string,
    private readonly stream: string,
  ) {
    this.target = `#${channel.replace(/^#/, '').toLowerCase()}`;
  }

  /** The events `message`, received at `receivedAt` (epoch ms), stands for; often none. */
  translate(message: IrcMessage, receivedAt: number): LiveEvent[] {
    if (message.command !== 'PRIVMSG' && message.command !== 'USERNOTICE') return [];
    if (message.params[0]?.toLowerCase() !== this.target) return [];
    if (message.command === 'USERNOTICE' && this.gifts.isCovered(message)) return [];
    return mapTwitchIrcMessage(message, { stream: this.stream, receivedAt });
  }
}
