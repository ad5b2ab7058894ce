"""onnxruntime with its telemetry off: the only way the runtime imports onnxruntime.

onnxruntime 1.29 and later ship telemetry that is on by default on Linux and macOS too: within seconds of the first
session it writes a device id and an event cache under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime/`` and sends
events to ``mobile.events.data.microsoft.com``. groomguard promises that nothing leaves the device, so before
onnxruntime is imported this module sets the switches onnxruntime reads when its environment is created:

- ``ORT_DISABLE_TELEMETRY=1``: the opt-out of the POSIX provider in the releases this package allows (1.29-1.32 read
  it; no uploader, device id, event or offline cache is created);
- ``ORT_TELEMETRY_DISABLED=1``: the same opt-out under the name later onnxruntime sources read;

and after the import it calls ``onnxruntime.disable_telemetry_events()`` where it exists (every release since 1.6; on
Windows it turns off the ETW events, which no environment variable controls).

The variables are set to ``1`` whatever their previous value: a ``0`` left in the environment does not turn the
telemetry back on inside groomguard. They are inherited by child processes. If the host application imported
onnxruntime *before* groomguard, the environment variables may come too late for that process; the API call still
runs, and ``status()`` says so. Checked by ``tests/runtime/test_telemetry.py`` (fast) and
``tests/privacy/test_no_network.py`` (``make test-privacy``: a scoring process watched for 45 s).
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

#: Environment variables onnxruntime reads as "telemetry off", with the value that means off.
SWITCHES = {"ORT_DISABLE_TELEMETRY": "1", "ORT_TELEMETRY_DISABLED": "1"}

_status: dict[str, bool] = {"imported_before": False, "api_called": False}


def switch_off_environment() -> None:
    """Set the environment variables onnxruntime reads as "telemetry off" (see the module docstring)."""
    for name, value in SWITCHES.items():
        os.environ[name] = value


def disable_events(ort: ModuleType) -> bool:
    """Call ``ort.disable_telemetry_events()`` when this onnxruntime has it; True when it was called."""
    disable = getattr(ort, "disable_telemetry_events", None)
    if disable is None:
        return False
    disable()
    _status["api_called"] = True
    return True


def import_onnxruntime() -> ModuleType:
    """``import onnxruntime`` with telemetry switched off before the import, and its events disabled after it."""
    _status["imported_before"] = _status["imported_before"] or "onnxruntime" in sys.modules
    switch_off_environment()
    import onnxruntime

    disable_events(onnxruntime)
    return onnxruntime


def status() -> dict[str, bool | dict[str, str | None]]:
    """What was done: ``environment`` (each switch's current value), ``api_called`` (disable_telemetry_events()
    was called), ``imported_before`` (onnxruntime was already imported when groomguard first imported it, so the
    environment variables may have come too late for this process)."""
    return {"environment": {name: os.environ.get(name) for name in SWITCHES}, **_status}
