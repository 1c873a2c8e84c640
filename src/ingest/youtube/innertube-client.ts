import { Innertube } from 'youtubei.js';
import { OfflineError } from '../connector.js';
import type { YoutubeClient, YoutubeLiveChat } from './youtube-live-chat.port.js';
import { parseYoutubeTarget } from './youtube-target.js';

/** The `YoutubeClient` over youtubei.js (InnerTube, no API key). */
export class InnertubeClient implements YoutubeClient {
  constructor(private readonly innertube: Innertube) {}

  /** Creates a client with a fresh InnerTube session (one request to YouTube). */
  static async create(): Promise<InnertubeClient> {
    return new InnertubeClient(await Innertube.create({ retrieve_player: false }));
  }

  async openLiveChat(channel: string): Promise<YoutubeLiveChat> {
    const videoId = await this.findLiveVideo(channel);
    const info = await this.innertube.getInfo(videoId);
    if (!info.basic_info.is_live || !info.livechat) {
      throw new OfflineError(`YouTube video ${videoId} is not live`);
    }
    return info.getLiveChat();
  }

  private async findLiveVideo(channel: string): Promise<string> {
    const target = parseYoutubeTarget(channel);
    if ('videoId' in target) return target.videoId;
    const endpoint = await this.innertube.resolveURL(target.url);
    // `payload` is untyped in youtubei.js: a watch endpoint carries `videoId`.
    const payload = endpoint.payload as Record<string, unknown> | undefined;
    const videoId = payload?.videoId;
    if (typeof videoId !== 'string') throw new OfflineError(`no live video at ${target.url}`);
    return videoId;
  }
}
