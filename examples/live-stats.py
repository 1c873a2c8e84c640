"""Print a profile's live stats as StreamPulse pushes them (python-socketio).

    STREAMPULSE_KEY=spk_... python3 examples/live-stats.py [--url URL] [--profile PROFILE]

The key is an API key of the profile with the `read` scope (the dashboard's API keys page makes
one). It is passed in the Socket.IO handshake as `auth={'profile': ..., 'token': ...}`. Every
`stats_update` the server pushes (one on joining, then one per change) is printed as one JSON
line. A refusal (wrong key, a key of another profile, a key without `read`) is printed to stderr
with its code, exit code 2. Stop with Ctrl+C.

Needs python-socketio with its WebSocket client: `pip install "python-socketio[client]"`, or on
Debian and Ubuntu `apt-get install python3-socketio python3-websocket`.
"""

import argparse
import json
import os
import sys

import socketio


def main() -> int:
    parser = argparse.ArgumentParser(description='Print the live stats_update pushes of a profile.')
    parser.add_argument('--url', default='http://127.0.0.1:5000', help='the server (default: %(default)s)')
    parser.add_argument('--profile', default='me', help='the profile id (default: %(default)s)')
    args = parser.parse_args()
    key = os.environ.get('STREAMPULSE_KEY')
    if not key:
        print('set STREAMPULSE_KEY to an API key with the read scope', file=sys.stderr)
        return 1

    sio = socketio.Client(reconnection=False)
    refused = []

    @sio.on('stats_update')
    def on_stats_update(stats):
        # viewer_counts, chat_velocities, recent_triggers, recording_status, last_updated
        print(json.dumps(stats), flush=True)

    @sio.on('error')
    def on_error(error):
        # The server says why before it disconnects a client it refuses.
        refused.append(error)
        print(f"refused: {error['code']}: {error['message']}", file=sys.stderr, flush=True)

    sio.connect(args.url, auth={'profile': args.profile, 'token': key}, transports=['websocket'])
    try:
        sio.wait()
    except KeyboardInterrupt:
        sio.disconnect()
    return 2 if refused else 0


if __name__ == '__main__':
    sys.exit(main())
