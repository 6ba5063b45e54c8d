"""Assertions for the namespace tests: each check prints one line, a
failed one does not stop the test (later checks still say what they
see), and finish() turns the result into the exit code."""

import sys
import time


class Checks:
    def __init__(self, name):
        self.name = name
        self.failures = []
        self.began = time.monotonic()

    def log(self, message):
        print("[%5.1f s] %s" % (time.monotonic() - self.began, message), flush=True)

    def check(self, ok, what, detail=""):
        """Records `what` as passed or failed; detail explains a failure."""
        if ok:
            self.log("ok: " + what)
        else:
            self.failures.append(what)
            self.log("FAIL: " + what + ("\n    " + detail.replace("\n", "\n    ")
                                        if detail else ""))
        return bool(ok)

    def finish(self):
        took = time.monotonic() - self.began
        if self.failures:
            print("%s: %d check(s) failed in %.1f s:" % (self.name, len(self.failures), took))
            for f in self.failures:
                print("  - " + f)
            return 1
        print("%s: all checks passed in %.1f s" % (self.name, took))
        return 0


def fail_exit(name, message):
    print("%s: FAIL: %s" % (name, message), flush=True)
    sys.exit(1)
