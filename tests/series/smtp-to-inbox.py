#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""SMTP server on 127.0.0.1 that delivers every message into a public-inbox
archive through public-inbox-mda (tests only).

usage: smtp-to-inbox.py PORT RECIPIENT LOGFILE
Each delivered Message-ID is appended to LOGFILE.
"""
import asyncio
import email
import os
import subprocess
import sys

from aiosmtpd.controller import Controller


class Deliver:
    def __init__(self, recipient, log):
        self.recipient = recipient
        self.log = log

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        env = dict(os.environ, ORIGINAL_RECIPIENT=self.recipient)
        p = subprocess.run(['public-inbox-mda', '--no-precheck'], input=data, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        msg = email.message_from_bytes(data)
        with open(self.log, 'a') as f:
            f.write('%s %d %s\n' % (msg.get('Message-Id', '?').strip(), p.returncode,
                                    p.stderr.decode(errors='replace').replace('\n', ' ')))
        if p.returncode:
            return '451 public-inbox-mda failed'
        return '250 delivered'


def main():
    port, rcpt, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    ctl = Controller(Deliver(rcpt, log), hostname='127.0.0.1', port=port)
    ctl.start()
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        ctl.stop()


if __name__ == '__main__':
    main()
