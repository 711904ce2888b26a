import time

from django.core.management.base import BaseCommand

from ttdn.outreach.smsc import SimConfig, SmscSimulator


class Command(BaseCommand):
    help = "Run the local SMPP 3.4 SMSC simulator (for development and demos; not a real operator)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2775)
        parser.add_argument("--system-id", default="ttdn")
        parser.add_argument("--password", default="secret")
        parser.add_argument("--throughput", type=float, default=None, help="segments per second before 0x58")
        parser.add_argument("--id-format", choices=["hex", "dec", "uuid"], default="hex")
        parser.add_argument("--receipt-id-format", choices=["hex", "dec", "uuid"], default=None)
        parser.add_argument("--receipt-delay", type=float, default=1.0)
        parser.add_argument(
            "--reject", action="append", default=[], help="number refused with 0x0B (repeatable)"
        )
        parser.add_argument(
            "--undeliverable", action="append", default=[], help="number whose receipt is UNDELIV"
        )

    def handle(self, *args, **o):
        config = SimConfig(
            system_id=o["system_id"],
            password=o["password"],
            throughput=o["throughput"],
            id_format=o["id_format"],
            receipt_id_format=o["receipt_id_format"],
            receipt_delay=o["receipt_delay"],
            rejected=set(o["reject"]),
            undeliverable=set(o["undeliverable"]),
        )
        sim = SmscSimulator(o["host"], o["port"], config).start()
        host, port = sim.address
        self.stdout.write(f"SMSC simulator on {host}:{port} (system_id {config.system_id}); Ctrl+C to stop")
        try:
            while True:
                time.sleep(5)
                self.stdout.write(f"{len(sim.submits)} segments received, {sim.throttled} throttled")
        except KeyboardInterrupt:
            sim.stop()
