#!/usr/bin/env python3
"""Check `build-site serve`'s live preview in a real browser (issue 14).

Copies the repository's content/ into a temporary folder (the pages come from the built-in theme),
starts `build-site serve --port 0` there, and drives headless Chromium through its DevTools
protocol over --remote-debugging-pipe (fds 3 and 4, NUL-separated JSON: no websocket library,
Python 3's standard library only):

1. loads the sigmoid post and saves a screenshot (before.png);
2. edits the post on disk, waits for the page to reload by itself (Page.loadEventFired, and the
   injected script's build number going up), checks the new sentence is on the page, and saves
   after-edit.png;
3. breaks a claim, waits for the overlay (window.__buildSite.overlay), checks it shows the
   refuted claim's message with its counterexample, and saves overlay.png;
4. restores the post, waits for the overlay to go away, and stops the server (SIGINT).

The PNGs go to .build/screenshots/ and their paths are printed. Exit status 0 when every step
held, 1 otherwise.

Usage: scripts/preview-browser-check.py [--binary .build/debug/build-site] [--chromium /usr/bin/chromium]
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POST = "sigmoid-derivative.md"
ADDED = "Edited while the preview was open: this sentence arrived without a reload by hand."
CLAIM = "claim symmetry: σ(-z) = 1 - σ(z)"
BROKEN = "claim symmetry: σ(-z) = 1 + σ(z)"


class DevTools:
    """A DevTools protocol connection over --remote-debugging-pipe, with one page session."""

    def __init__(self, chromium, width, height):
        commands_read, self.commands = os.pipe()
        self.replies, replies_write = os.pipe()

        def give_fds():
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--remote-debugging-pipe", f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=give_fds, close_fds=False)
        os.close(commands_read)
        os.close(replies_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.replies, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed its DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, timeout=60, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for_event(self, method, timeout=60):
        """The first event named `method` received since the last call (waiting for one if needed)."""
        deadline = time.time() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event["method"] == method:
                    del self.events[: index + 1]
                    return event
            self.events.clear()
            reply = self._read_message(deadline)
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression):
        """The expression's value (a promise's, once settled); None while the page is being reloaded."""
        try:
            result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        except RuntimeError as error:
            if "navigated" in str(error) or "context" in str(error).lower():
                return None
            raise
        return result.get("result", {}).get("value")

    def wait_until(self, expression, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"never true: {expression}")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        return path

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_for_line(path, pattern, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with open(path, encoding="utf-8", errors="replace") as file:
            match = re.search(pattern, file.read())
        if match:
            return match.group(1)
        time.sleep(0.05)
    raise TimeoutError(f"{path} never showed {pattern}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPOSITORY, ".build/debug/build-site"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    arguments = parser.parse_args()

    screenshots = os.path.join(REPOSITORY, ".build/screenshots")
    os.makedirs(screenshots, exist_ok=True)
    site = tempfile.mkdtemp(prefix="build-site-preview-check-")
    shutil.copytree(os.path.join(REPOSITORY, "content"), os.path.join(site, "content"))
    post = os.path.join(site, "content", POST)
    with open(post, encoding="utf-8") as file:
        original = file.read()
    if CLAIM not in original:
        sys.exit(f"{POST} no longer has the line `{CLAIM}` this check breaks")

    output = open(os.path.join(site, "serve.out"), "w")
    errors = open(os.path.join(site, "serve.err"), "w")
    server = subprocess.Popen([arguments.binary, "serve", "--port", "0"], cwd=site, stdout=output, stderr=errors)
    browser = None
    failures = []
    try:
        base = wait_for_line(output.name, r"Serving the preview at (http://\S+/) ", 300)
        page = base + "posts/" + POST[:-3] + "/"
        browser = DevTools(arguments.chromium, 1000, 1300)

        browser.call("Page.navigate", url=page)
        browser.wait_for_event("Page.loadEventFired")
        browser.wait_until("window.__buildSite && window.__buildSite.connected")
        browser.evaluate("document.fonts.ready.then(() => true)")
        first_build = browser.evaluate("window.__buildSite.build")
        before = browser.screenshot(os.path.join(screenshots, "preview-before.png"))

        # An edit: the page reloads by itself.
        edited = original.replace("\n## The function\n", f"\n**{ADDED}**\n\n## The function\n", 1)
        browser.events.clear()
        saved = time.time()
        with open(post, "w", encoding="utf-8") as file:
            file.write(edited)
        browser.wait_for_event("Page.loadEventFired")
        reloaded = time.time()
        browser.wait_until("window.__buildSite && window.__buildSite.connected")
        if not browser.evaluate(f"document.body.innerText.includes({json.dumps(ADDED)})"):
            failures.append("the reloaded page does not show the edit")
        if not browser.evaluate("window.__buildSite.build") > first_build:
            failures.append("the page was not reloaded by a newer build")
        browser.evaluate("document.fonts.ready.then(() => true)")
        after = browser.screenshot(os.path.join(screenshots, "preview-after-edit.png"))

        # A broken claim: the overlay shows the refutation as the terminal prints it, over the page
        # reloaded with the refuted card.
        browser.events.clear()
        with open(post, "w", encoding="utf-8") as file:
            file.write(edited.replace(CLAIM, BROKEN, 1))
        browser.wait_for_event("Page.loadEventFired", timeout=120)
        overlay_text = browser.wait_until("window.__buildSite && window.__buildSite.overlay", timeout=120)
        browser.wait_until("document.getElementById('__build-site-overlay') !== null")
        browser.evaluate("document.fonts.ready.then(() => true)")
        for expected in ["content/" + POST + ":", "refuted", BROKEN[len("claim "):], "counterexample: z = "]:
            if expected not in overlay_text:
                failures.append(f"the overlay does not show {expected!r}: {overlay_text!r}")
        with open(errors.name, encoding="utf-8") as file:
            if overlay_text.strip() not in file.read():
                failures.append("the terminal did not print the overlay's messages")
        overlay = browser.screenshot(os.path.join(screenshots, "preview-overlay.png"))

        # The fix: the overlay goes away.
        with open(post, "w", encoding="utf-8") as file:
            file.write(original)
        browser.wait_until("window.__buildSite && window.__buildSite.overlay === null"
                           " && document.getElementById('__build-site-overlay') === null", timeout=120)

        print(f"before the edit:          {before}")
        print(f"reloaded after the edit:  {after} ({(reloaded - saved) * 1000:.0f} ms from the save to the load event)")
        print(f"overlay (refuted claim):  {overlay}")
    except Exception as error:
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        if browser:
            browser.close()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            failures.append("the server did not stop within 30 s of SIGINT")
        output.close()
        errors.close()
        shutil.rmtree(site, ignore_errors=True)
    for failure in failures:
        print(f"preview-browser-check: {failure}", file=sys.stderr)
    print("preview-browser-check: " + ("FAILED" if failures else "every step held"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
