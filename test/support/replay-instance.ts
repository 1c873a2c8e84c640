// A server instance whose TikTok streams are fed by replay connectors: each stream's channel is
// the path of an NDJSON recording, played at REPLAY_SPEED. Configured like `streampulse serve`
// (environment), it logs 'streampulse listening' with its URL like the real command.
import { loadConfig } from '../../src/config.js';
import { replayConnectorFactory } from '../../src/ingest/replay/replay.connector.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/main.js';

const config = loadConfig();
const speed = Number(process.env.REPLAY_SPEED ?? '1');
const server = await startServer(config, createLogger(config.logLevel), {
  connectorFactories: {
    tiktok: (target, context) =>
      replayConnectorFactory({ file: target.stream.channel, speed })(target, context),
  },
});
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
