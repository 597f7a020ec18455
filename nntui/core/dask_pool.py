"""Hyperparameter-search trials on a Dask distributed cluster (`--executor dask`).

`distributed.Client(address).get_executor()` is a concurrent.futures executor, so the
search (`core.search.HparamSearch`) runs unchanged: `DaskPool` is just another
`core.pools.TrialPool`. The search's shared data is scattered to the workers once
(`Client.scatter(..., broadcast=True)`); each trial then sends only its small `TrialTask`.

Workers need nntui installed (the same version) to unpickle `core.trial` functions. A
worker that dies mid-trial: the scheduler may reschedule the trial by itself (its
`distributed.scheduler.allowed-failures`, 3 by default) and then reports it failed; the
search submits it once more and, failing again, marks it failed and goes on.
"""

from __future__ import annotations

import os
from concurrent.futures import Future
from typing import Any

from nntui.core.errors import UserError
from nntui.core.trial import TrialData, TrialResult, TrialTask, blas_limited_trial
from nntui.i18n import N_, _

#: Where to find the scheduler when --scheduler is not given.
ENV_SCHEDULER = "NNTUI_DASK_SCHEDULER"
#: Seconds to reach the scheduler before giving up (the issue asks for a message in 10 s).
CONNECT_TIMEOUT = 6
INSTALL_HINT = N_("the dask executor needs the distributed package: {command}")


def require_distributed() -> Any:
    """The `distributed` module, or UserError telling what to install."""
    try:
        import distributed  # the optional extra nntui[dask]: missing is said, not raised
    except ImportError:
        raise UserError(_(INSTALL_HINT).format(command="pip install 'nntui[dask]'")) from None
    return distributed


def scheduler_address(given: str | None) -> str:
    """--scheduler, else $NNTUI_DASK_SCHEDULER; UserError when neither is set."""
    address = (given or "").strip() or os.environ.get(ENV_SCHEDULER, "").strip()
    if not address:
        raise UserError(_("--executor dask needs --scheduler tcp://HOST:8786 (or {env}); "
                            "start one with `dask scheduler`").format(env=ENV_SCHEDULER))
    return address


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A Client of the scheduler at `address`; UserError within ~`timeout` seconds when it
    cannot be reached."""
    distributed = require_distributed()
    try:
        return distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(_("cannot reach the Dask scheduler at {address} within {seconds} s "
                            "({reason}); is `dask scheduler` running there?").format(
                                address=address, seconds=f"{timeout:g}", reason=reason)
                          ) from None


class DaskPool:
    """Trials on a Dask cluster through `Client.get_executor()`.

    slots: trials in flight (default: every worker thread of the cluster). fn: what a
    worker runs for a task, fn(task, data) (tests pass one that kills its worker).
    close_client: whether shutdown() closes the client too (True when we opened it).
    """

    def __init__(self, client: Any, data: TrialData, *, slots: int | None = None,
                 fn: Any = blas_limited_trial, close_client: bool = True) -> None:
        self.client = client
        self.slots = slots or max(1, sum(client.nthreads().values()))
        self._fn = fn
        self._close_client = close_client
        self._raw = data
        self._data = self._scatter()
        self._executor = client.get_executor(pure=False)

    def _scatter(self) -> Any:
        # Once, to every worker (hash=False: no need to hash megabytes of pixels).
        return self.client.scatter(self._raw, broadcast=True, hash=False)

    def submit(self, task: TrialTask) -> Future[TrialResult]:
        if self._data.status != "finished":  # every worker holding it died: send it again
            self._data = self._scatter()
        return self._executor.submit(self._fn, task, self._data)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False)
        try:
            self.client.cancel(self._data)
        finally:
            if self._close_client:
                self.client.close()


class DaskPoolFactory:
    """A PoolFactory on the scheduler at `address` (see `scheduler_address`). It connects
    when made, so a wrong address fails before any data is loaded; `close()` lets go of
    the client when the search ends before its first trial."""

    def __init__(self, address: str | None, slots: int | None = None) -> None:
        self.client = connect(scheduler_address(address))
        self.slots = slots
        self._used = False

    def __call__(self, data: TrialData) -> DaskPool:
        self._used = True
        return DaskPool(self.client, data, slots=self.slots)

    def close(self) -> None:
        if not self._used:
            self.client.close()
