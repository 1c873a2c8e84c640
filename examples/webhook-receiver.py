"""Receive StreamPulse's trigger webhooks, verify them, and hand them on to Streamer.bot.

    WEBHOOK_SECRET=whsec_... python3 examples/webhook-receiver.py [--host H] [--port P]
        [--streamerbot-url http://127.0.0.1:7474/DoAction --streamerbot-action "Clip it"]

Set the same secret in the profile's trigger settings (`PUT /api/profiles/:profile/settings/triggers`
with `"webhook": {"url": "http://127.0.0.1:8080/", "secret": "whsec_..."}`); a receiver on the
same machine or the LAN must also be named in the server's STREAMPULSE_WEBHOOK_ALLOWED_HOSTS
(`127.0.0.1:8080`).

Each request is verified the way Standard Webhooks (https://www.standardwebhooks.com/) specify and
StreamPulse signs: `webhook-signature` holds `v1,<base64>` signatures (space-separated) of the
HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>", keyed with the bytes of the base64
after `whsec_` (a secret without that prefix is its own UTF-8 bytes); the timestamp must be
within 5 minutes of this machine's clock. A verified trigger is answered 204 and printed as one
JSON line {"webhook_id": ..., "trigger": {...}}; a repeat of a webhook-id already handled (a retry
whose answer was lost) is answered 204 and not handled again. Anything else is answered 401 and
handled not at all. With --streamerbot-url, each verified trigger also runs a Streamer.bot action
through its HTTP server (DoAction), with the trigger's fields as the action's arguments.
"""

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.request
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock

TOLERANCE_S = 5 * 60
MAX_BODY_BYTES = 1024 * 1024
REMEMBERED_IDS = 10_000


class VerificationError(Exception):
    pass


def signing_key(secret: str) -> bytes:
    """The HMAC key of a webhook secret: the base64 after `whsec_`, or the secret's own bytes."""
    if secret.startswith('whsec_'):
        return base64.b64decode(secret[len('whsec_'):], validate=True)
    return secret.encode('utf-8')


def verify(key: bytes, headers, body: bytes, now: float) -> dict:
    """The trigger a request carries, or VerificationError when it is forged, stale or malformed."""
    webhook_id = headers.get('webhook-id')
    timestamp = headers.get('webhook-timestamp')
    signatures = headers.get('webhook-signature')
    if not webhook_id or not timestamp or not signatures:
        raise VerificationError('missing webhook-id, webhook-timestamp or webhook-signature')
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise VerificationError('webhook-timestamp is not a number')
    if abs(now - sent_at) > TOLERANCE_S:
        raise VerificationError('webhook-timestamp is more than 5 minutes away')
    signed = webhook_id.encode('utf-8') + b'.' + timestamp.encode('utf-8') + b'.' + body
    expected = hmac.new(key, signed, hashlib.sha256).digest()
    for signature in signatures.split(' '):
        version, _, encoded = signature.partition(',')
        if version != 'v1':
            continue
        try:
            given = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue
        if hmac.compare_digest(given, expected):
            return json.loads(body)
    raise VerificationError('no valid signature')


def run_streamerbot_action(url: str, action: str, trigger: dict) -> None:
    """Runs a Streamer.bot action through its HTTP server, the trigger's fields as arguments."""
    args = {key: value for key, value in trigger.items() if key != 'details'}
    args['details'] = json.dumps(trigger.get('details', {}))
    body = json.dumps({'action': {'name': action}, 'args': args}).encode('utf-8')
    request = urllib.request.Request(url, data=body, headers={'content-type': 'application/json'})
    with urllib.request.urlopen(request, timeout=5) as answer:
        answer.read()


class Receiver(BaseHTTPRequestHandler):
    key: bytes
    streamerbot: tuple | None
    seen: 'OrderedDict[str, None]'
    seen_lock: Lock

    def do_POST(self) -> None:
        length = int(self.headers.get('content-length') or 0)
        if length > MAX_BODY_BYTES:
            return self.answer(413)
        body = self.rfile.read(length)  # the raw body: the signature covers these exact bytes
        try:
            trigger = verify(self.key, self.headers, body, time.time())
        except (VerificationError, json.JSONDecodeError) as error:
            print(f'refused a webhook: {error}', file=sys.stderr, flush=True)
            return self.answer(401)
        webhook_id = self.headers['webhook-id']
        with self.seen_lock:
            if webhook_id in self.seen:
                return self.answer(204)
            self.seen[webhook_id] = None
            while len(self.seen) > REMEMBERED_IDS:
                self.seen.popitem(last=False)
        print(json.dumps({'webhook_id': webhook_id, 'trigger': trigger}), flush=True)
        if self.streamerbot:
            try:
                run_streamerbot_action(*self.streamerbot, trigger)
            except OSError as error:
                # StreamPulse retries a 5xx: Streamer.bot may be back by then.
                with self.seen_lock:
                    self.seen.pop(webhook_id, None)
                print(f'Streamer.bot did not take the action: {error}', file=sys.stderr, flush=True)
                return self.answer(502)
        self.answer(204)

    def answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header('content-length', '0')
        self.end_headers()

    def log_message(self, format, *args) -> None:
        pass  # one line per trigger on stdout is enough


def main() -> int:
    parser = argparse.ArgumentParser(description="Verify StreamPulse's trigger webhooks.")
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8080, help='0 picks a free port')
    parser.add_argument('--streamerbot-url', help="Streamer.bot's DoAction URL, e.g. http://127.0.0.1:7474/DoAction")
    parser.add_argument('--streamerbot-action', default='StreamPulse trigger', help='the action to run')
    args = parser.parse_args()
    secret = os.environ.get('WEBHOOK_SECRET')
    if not secret:
        print('set WEBHOOK_SECRET to the webhook secret of the trigger settings', file=sys.stderr)
        return 1

    Receiver.key = signing_key(secret)
    Receiver.streamerbot = (args.streamerbot_url, args.streamerbot_action) if args.streamerbot_url else None
    Receiver.seen = OrderedDict()
    Receiver.seen_lock = Lock()
    server = ThreadingHTTPServer((args.host, args.port), Receiver)
    host, port = server.server_address[:2]
    print(f'listening on http://{host}:{port}/', flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
