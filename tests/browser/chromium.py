"""Drive Debian's chromium headless: ``dump_dom`` through the command line, and a
small W3C WebDriver client (``WebDriver``) over ``/usr/bin/chromedriver`` using only
the standard library. Install both with ``apt-get install -y chromium chromium-driver``.

Everything stays on this machine: chromedriver listens on 127.0.0.1, and chromium
runs with networking features off and a throwaway profile.
"""
from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def find_chromedriver() -> str | None:
    return shutil.which("chromedriver")


def dump_dom(path: Path, *, budget_ms: int = 3000, timeout: float = 90) -> str:
    """The DOM after the page's scripts ran, serialised by ``chromium --dump-dom``."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="tongxun-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
               "--dump-dom", path.resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or "<html" not in done.stdout:
        raise RuntimeError(f"chromium --dump-dom failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    """One headless chromium session through chromedriver; use as a context manager."""

    def __init__(self, *, width: int = 1400, height: int = 1000, timeout: float = 60):
        self.width, self.height, self.timeout = width, height, timeout
        self.proc: subprocess.Popen | None = None
        self.session = ""
        self.base = ""
        self._profile: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> WebDriver:
        chromium, driver = find_chromium(), find_chromedriver()
        if chromium is None or driver is None:
            raise RuntimeError("chromium and chromedriver are needed")
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([driver, f"--port={port}", "--allowed-ips=127.0.0.1"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + self.timeout
            while True:
                try:
                    if self._call("GET", "/status")["ready"]:
                        break
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("chromedriver did not start")
                time.sleep(0.1)
            self._profile = tempfile.TemporaryDirectory(prefix="tongxun-chromium-")
            args = [*CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}", f"--window-size={self.width},{self.height}"]
            caps = {"capabilities": {"alwaysMatch": {
                "browserName": "chrome", "goog:chromeOptions": {"binary": chromium, "args": args}}}}
            self.session = self._call("POST", "/session", caps)["sessionId"]
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.session:
                self._call("DELETE", f"/session/{self.session}")
        except (urllib.error.URLError, OSError):
            pass
        finally:
            self.session = ""
            if self.proc is not None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                self.proc = None
            if self._profile is not None:
                self._profile.cleanup()
                self._profile = None

    # -- protocol ------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))["value"]
        except urllib.error.HTTPError as e:
            detail = json.loads(e.read().decode("utf-8") or "{}").get("value", {})
            raise RuntimeError(f"webdriver {method} {path}: {detail.get('error')}: {detail.get('message', '')[:300]}") from None

    def _s(self, path: str) -> str:
        return f"/session/{self.session}{path}"

    def get(self, url: str) -> None:
        self._call("POST", self._s("/url"), {"url": url})

    def open(self, path: Path) -> None:
        self.get(path.resolve().as_uri())

    def execute(self, script: str, *args: Any) -> Any:
        """Run ``script`` (a function body: ``return …``) in the page."""
        return self._call("POST", self._s("/execute/sync"), {"script": script, "args": list(args)})

    def click(self, css: str) -> None:
        ref = self._call("POST", self._s("/element"), {"using": "css selector", "value": css})
        self._call("POST", self._s(f"/element/{ref[ELEMENT]}/click"), {})

    def send_keys(self, css: str, text: str) -> None:
        ref = self._call("POST", self._s("/element"), {"using": "css selector", "value": css})
        self._call("POST", self._s(f"/element/{ref[ELEMENT]}/value"), {"text": text})

    def screenshot(self) -> bytes:
        return base64.b64decode(self._call("GET", self._s("/screenshot")))

    def wait_for(self, script: str, timeout: float = 10) -> Any:
        """Poll ``script`` until it returns something truthy; return that."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.execute(script)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.05)
