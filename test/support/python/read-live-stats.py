"""A Python client of the live push, as the original dashboard's users write them (python-socketio).

    read-live-stats.py URL PROFILE TOKEN auth|header

Connects over WebSocket to PROFILE with TOKEN (an API key with the read scope), passed as
`auth={'profile': ..., 'token': ...}` (auth) or as an `Authorization: Bearer` header (header).
It takes the `stats_update` the server sends on joining, emits `request_stats`, and prints the
answer as one JSON line {"stats_update": {...}}, exit code 0. Refused (the server's `error` event
before it disconnects), it prints {"error": {...}}, exit code 2; no answer in time, exit code 3.
"""

import json
import sys
import threading

import socketio

TIMEOUT_S = 10


def main() -> int:
    url, profile, token, how = sys.argv[1:5]
    sio = socketio.Client(reconnection=False)
    updates = []
    errors = []
    joined = threading.Event()
    answered = threading.Event()

    @sio.on('stats_update')
    def on_stats_update(data):
        updates.append(data)
        (answered if joined.is_set() else joined).set()

    @sio.on('error')
    def on_error(data):
        errors.append(data)
        joined.set()
        answered.set()

    if how == 'auth':
        sio.connect(url, auth={'profile': profile, 'token': token}, transports=['websocket'])
    else:
        sio.connect(
            url,
            auth={'profile': profile},
            headers={'Authorization': f'Bearer {token}'},
            transports=['websocket'],
        )
    try:
        if joined.wait(TIMEOUT_S) and not errors:
            sio.emit('request_stats')
            answered.wait(TIMEOUT_S)
    finally:
        sio.disconnect()
    if errors:
        print(json.dumps({'error': errors[0]}))
        return 2
    if len(updates) < 2:
        print(json.dumps({'error': {'code': 'NO_ANSWER', 'message': f'{len(updates)} stats_update in time'}}))
        return 3
    print(json.dumps({'stats_update': updates[-1]}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
