"""Import workers die with the import that started them.

A pool worker waits for work on a queue whose pipe it holds both ends of, so when its
parent is killed (SIGKILL, a crash, the out-of-memory killer) it never sees the end of
the queue and waits for ever: every killed import left two workers of about 40 MB each.
So the pool's initializer makes each worker follow its parent out:

- on Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)` has the kernel kill the worker when its
  parent goes. The kernel means the parent *thread* that started the worker; a pool starts
  its workers from the thread that submits work, which is the import's own thread and
  outlives the pool (the pool is closed before the import returns), so that is the same.
  The parent may already be gone before the call takes effect: the parent's pid is
  checked after it, which closes that race;
- everywhere, a thread waits on the parent's sentinel (the pipe or handle multiprocessing
  gives every spawned child) and ends the worker when it closes. This is the only guard on
  systems without prctl, and a second one on Linux.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
ORPHAN_EXIT = 3  # the exit status of a worker that ended because its parent was gone


def _die_with_parent_on_linux() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; True if it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):  # no libc symbol: rely on the watching thread
        return False


def _exit_when_parent_ends(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's sentinel closes, that is when it is gone
    os._exit(ORPHAN_EXIT)  # no cleanup to wait for: the work belonged to the dead parent


def watch_parent(parent_pid: int, use_prctl: bool = True) -> None:
    """The pool initializer: runs first in every worker (see the module docstring)."""
    if use_prctl:
        _die_with_parent_on_linux()
    if os.getppid() != parent_pid:  # the parent died before we could ask
        os._exit(ORPHAN_EXIT)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_exit_when_parent_ends, args=(parent,), name="parent-watch", daemon=True
        ).start()
