"""Runs moto in server mode with one request at a time.

moto's DynamoDB applies TransactWriteItems without isolation: a transaction that fails its
conditions restores a copy of the whole table taken when it started, erasing what concurrent
requests wrote meanwhile. Real DynamoDB serialises conflicting transactions. Serialising the
emulator's requests gives the same guarantee, so the concurrency tests exercise this product's
protocol rather than the emulator's race. Connections are still served on threads (HTTP/1.1
keep-alive keeps working); only the handling of requests is one at a time.

usage: emulator.py HOST PORT
"""

import os
import sys
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.server import MotoRequestHandler


class OneAtATime:
    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            # Materialise the body under the lock: moto builds it while iterating.
            return list(self.app(environ, start_response))


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) > 1 and argv[1] in ("-h", "--help") else 2
    host, port = argv[1], int(argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, port, OneAtATime(app), threaded=True, request_handler=MotoRequestHandler)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
