#!/usr/bin/env python3
"""The classroom page's exercises in headless Chromium: answers one
exercise wrongly and then rightly through the page's own controls (the
firm list and "check my blacklist", a plan's selects) and checks the
verdicts the page shows, then the teacher's view.

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in a NUL byte on file
descriptors 3 and 4), so nothing but the standard library is needed.
Usage: classroom_exercises_check.py CHROMIUM URL [SCREENSHOT.png]"""
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

chromium, url = sys.argv[1:3]


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp()
        # Moved above 10 first: dup2 onto the same number would keep the
        # close-on-exec flag, and Chromium would find fd 3 or 4 closed.
        def high(fd):
            moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            return moved

        to_child, self.write_fd = map(high, os.pipe())
        self.read_fd, from_child = map(high, os.pipe())

        def wire():  # in the child: its fd 3 reads our commands, fd 4 writes answers
            os.dup2(to_child, 3)
            os.dup2(from_child, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             f"--user-data-dir={self.profile}", "--window-size=1400,1000", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self.buffer = b""
        self.next_id = 0

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        while True:  # events come in between; skip them
            while b"\0" not in self.buffer:
                chunk = os.read(self.read_fd, 65536)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def close(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


browser = Browser()
failures = []
try:
    target = browser.send("Target.createTarget", {"url": url})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def page(body):
        """Runs `body` (an async function body) in the page; returns its value."""
        script = """(async () => {
          const wait = async (ok, what) => {
            for (let t = 0; t < 400; ++t) { if (ok()) return; await new Promise((r) => setTimeout(r, 50)); }
            throw new Error('timed out waiting for ' + what);
          };
          const verdict = async (id) => {
            const v = document.querySelector(`[data-verdict="${id}"]`);
            delete v.dataset.correct;
            document.querySelector(`[data-check="${id}"]`).click();
            await wait(() => v.dataset.correct !== undefined, 'the verdict of ' + id);
            return { correct: v.dataset.correct === 'true', text: v.textContent };
          };
          const settled = async (before) => wait(() => Number(document.body.dataset.updates) > before, 'an update');
          %s
        })()""" % body
        for attempt in range(100):
            try:
                result = browser.send("Runtime.evaluate", {"expression": script, "awaitPromise": True,
                                                           "returnByValue": True}, session)
                break
            except RuntimeError as e:  # the page was still loading: its first context went away
                if "context" not in str(e) or attempt == 99:
                    raise
                time.sleep(0.1)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("exception", {}).get("description", "script failed"))
        return result["result"].get("value")

    def expect(what, ok, detail):
        print(("ok    " if ok else "FAIL  ") + what + ("" if ok else f": {detail}"))
        if not ok:
            failures.append(what)

    count = page("""await wait(() => document.body.dataset.exercises && Number(document.body.dataset.updates) > 0,
                                'the exercises');
                    return Number(document.body.dataset.exercises);""")
    expect("the page lists the model's exercises", count == 5, count)

    # A blacklist of A alone: the phone still gets B's chip.
    wrong = page("""const before = Number(document.body.dataset.updates);
                    document.querySelector('#firm-list input[value="a"]').click();
                    await settled(before);
                    return await verdict('stop-fabs');""")
    expect("a one-firm blacklist is judged wrong", not wrong["correct"], wrong)
    expect("the wrong verdict says what still supplies it", "still supplied by Chip B" in wrong["text"], wrong)

    right = page("""const before = Number(document.body.dataset.updates);
                    document.querySelector('#firm-list input[value="b"]').click();
                    await settled(before);
                    return await verdict('stop-fabs');""")
    expect("A and B are judged right", right["correct"], right)
    expect("the right verdict says no smaller one does", "no smaller blacklist does" in right["text"], right)

    plan = page("""const card = document.querySelector('[data-exercise="recover"]');
                   const memory = card.querySelector('select[data-need="memory"]');
                   memory.value = 'dram-g';
                   const half = await verdict('recover');
                   memory.value = 'dram-f';
                   const fast = await verdict('recover');
                   return { half, fast };""")
    expect("a plan through G without its tool is judged wrong", not plan["half"]["correct"], plan["half"])
    expect("the wrong plan names the missing need", "dram-g/tool=ITEM" in plan["half"]["text"], plan["half"])
    expect("F's DRAM in 6 months is judged right", plan["fast"]["correct"], plan["fast"])

    teacher = page("""document.querySelector('#teacher-view').click();
                      const t = document.querySelector('[data-teacher="stop-fabs"]');
                      await wait(() => t.dataset.loaded && !t.hidden, "the teacher's answer");
                      return t.textContent;""")
    expect("the teacher's view shows the smallest blacklist", "a,b" in teacher, teacher)
    if len(sys.argv) > 3:  # a picture of the section, to look at
        page("document.querySelector('#exercises').scrollIntoView(); return 0;")
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session)
        with open(sys.argv[3], "wb") as out:
            out.write(base64.b64decode(shot["data"]))
finally:
    browser.close()

if failures:
    sys.exit(f"{len(failures)} failure(s)")
