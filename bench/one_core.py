"""One core for the speed figures: issue #11 states the tagger's targets "on one core".

:func:`one_core` pins the process to the first CPU it may run on and asks OpenMP/BLAS for one
thread. The thread variables are read when numpy loads its BLAS, so call it before numpy (or spaCy)
is imported, as ``bench/sentiment.py`` and ``bench/tagger.py`` do.
"""

from __future__ import annotations

import os

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def one_core() -> str:
    """Pin this process to one CPU and one BLAS thread; says which CPU, for the printed figures."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    if not hasattr(os, "sched_setaffinity"):  # not Linux: threads limited, process not pinned
        return "one thread (process not pinned on this OS)"
    allowed = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {allowed[0]})
    return f"CPU {allowed[0]} only ({len(allowed)} allowed), one BLAS thread"
