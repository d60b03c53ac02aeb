"""Query execution for `cyberkg serve`: a pool of worker processes over the read-only store.

Each worker (`python -m cyberkg.web.executor STORE_DIR`) opens the store with Store.read_only, reads
jobs from stdin and writes complete answers to stdout (length-prefixed pickles).  An answer is
evaluated and serialised in full in the worker, so the server sends a status line only once the
result bytes exist: a query that passes its deadline is answered 503 before any result byte, and
its worker is killed (SIGKILL) and replaced, so the work really stops.  The server keeps serving
with the other workers meanwhile.

Row cap: SELECT solutions are written straight to the negotiated format while the output stays
under a byte bound that no answer with more rows than the cap can fit in (every row takes a
known least number of bytes).  A larger answer is evaluated again and written as TSV (one line
per solution) through a writer that stops the engine as soon as the cap is passed (413), then
converted.  CONSTRUCT/DESCRIBE triples are taken up to the cap.

Network: unless federation is allowed, a worker moves itself into an empty network namespace
before it opens the store (where the kernel lets it), so even a SERVICE clause that got past the
protocol checks could not reach anything.
"""

from __future__ import annotations

import asyncio
import collections
import io
import os
import pickle
import struct
import sys
import time
from itertools import islice

from .protocol import Reply, text_reply

_HDR = struct.Struct(">I")


# ============================================================================================
# Server side: the pool

class _Job:
    __slots__ = ("msg", "deadline", "fut", "stolen", "long", "cancelled")

    def __init__(self, msg: bytes, deadline: float, fut):
        self.msg, self.deadline, self.fut, self.stolen = msg, deadline, fut, False
        self.long = False        # has run past Pool.LONG_AFTER and holds one of the long slots
        self.cancelled = False   # its client has gone: nobody wants the answer


class _Worker:
    def __init__(self, proc):
        self.proc = proc
        self.pending: collections.deque[_Job] = collections.deque()  # sent, answered in this order
        self.head_since = 0.0               # loop time the head job started (as far as we can tell)
        self.wake = asyncio.Event()
        self.reader: asyncio.Task | None = None
        self.errors: asyncio.Task | None = None   # reads the worker's stderr (see Pool._stderr)
        self.last_err: collections.deque[str] = collections.deque(maxlen=4)
        self.dead = False

    def send(self, job: _Job) -> None:
        self.proc.stdin.write(job.msg)
        if not self.pending:
            self.head_since = asyncio.get_running_loop().time()
        self.pending.append(job)
        self.wake.set()

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def read_reply(self) -> Reply:
        (n,) = _HDR.unpack(await self.proc.stdout.readexactly(_HDR.size))
        return Reply(*pickle.loads(await self.proc.stdout.readexactly(n)))

    def kill(self):
        self.dead = True
        if self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass


def _exit_text(rc) -> str:
    if rc is None:
        return "exit status unknown"
    if rc < 0:
        import signal

        try:
            return f"killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"killed by signal {-rc}"
    return f"exit status {rc}"


def _frame(job: dict) -> bytes:
    data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
    return _HDR.pack(len(data)) + data


def _resolve(fut, reply: Reply) -> None:
    if not fut.done():
        fut.set_result(reply)


class Pool:
    """N worker processes; `run(job, deadline)` answers a job or an error Reply (never raises).

    Jobs wait in one queue; each worker is sent up to DEPTH jobs ahead, so that it never idles
    while the server process is busy with HTTP.  The head job of a worker is bounded by its
    deadline: past it the worker is killed (the work stops), the head is answered 503 and the
    jobs queued behind it go back to the queue.  A job queued behind a head that runs long is
    moved to a worker that becomes free (and its first answer wins).
    """

    DEPTH = 2
    STEAL_AFTER = 0.010   # s a head must have run before the job behind it is moved elsewhere
    QUEUE_BEHIND = 0.100  # s after which a head is not given a job to queue behind it
    # A query that has run this long is "long".  At most size - 1 long queries run at once, so one
    # worker always takes short queries: a long query that would take the last one is stopped
    # (503) and its worker replaced (issue 13, item 7).
    LONG_AFTER = 1.0
    # A query whose client has gone is stopped (its worker killed and replaced) once it has run
    # this long; a shorter one is let finish, as a replacement costs more than it.
    CANCEL_AFTER = 0.25

    def __init__(self, store_dir: str, size: int, *, network: bool = False, log=None,
                 memory_mb: int | None = None, in_memory: bool = False, merged_dir: str | None = None):
        self.store_dir = store_dir
        self.in_memory = in_memory      # each worker loads the version, merged, into memory
        self.merged_dir = merged_dir    # else: the merged on-disk copy queries run on (dataset.py)
        self.size = max(1, size)
        self.network = network
        self.memory_mb = memory_mb
        self.log = log or (lambda m: print(m, file=sys.stderr, flush=True))
        self.replaced = 0
        self._queue: collections.deque[_Job] = collections.deque()
        self._workers: list[_Worker] = []
        self._closing = False
        self._spawning: set[asyncio.Task] = set()
        self._recheck = None
        self.isolation: str | None = None
        self.steals = 0
        self._draining = False

    async def start(self) -> None:
        # Every worker that started is the pool's even when another failed, so that close() stops
        # it; one that started after close() (switch() closes a pool whose start failed) is
        # stopped here.  Else it would wait on its stdin until the server exits.
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        for w in started:
            if isinstance(w, _Worker):
                if self._closing:
                    w.kill()
                else:
                    self._add(w)
        for exc in started:
            if isinstance(exc, BaseException):
                raise exc

    async def _spawn(self) -> _Worker:
        args = [sys.executable, "-m", "cyberkg.web.executor", self.store_dir]
        if self.network:
            args.append("--network")
        if self.memory_mb:
            args += ["--memory-mb", str(self.memory_mb)]
        if self.in_memory:
            args.append("--in-memory")
        elif self.merged_dir:
            args += ["--merged", self.merged_dir]
        env = dict(os.environ, RUST_BACKTRACE="0", RUST_LIB_BACKTRACE="0")  # one line, not a backtrace, on a crash
        proc = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.PIPE, env=env,
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        w = _Worker(proc)
        w.errors = asyncio.get_running_loop().create_task(self._stderr(w))
        try:
            proc.stdin.write(_frame({"op": "ping"}))
            ready = await asyncio.wait_for(w.read_reply(), 300)  # loading a store takes a while
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError) as exc:
            w.kill()
            await proc.wait()
            raise RuntimeError(f"query worker failed to start ({exc!r}); see the messages above") from None
        except BaseException:
            # Cancelled while the worker loads the store: close() of a pool whose replacement for a
            # killed worker is still starting (a retired version's pool, after a timeout).  Nobody
            # holds this worker; left alive it would wait on its stdin until the server exits.
            w.kill()
            raise
        if ready.status != 200:
            w.kill()
            await proc.wait()
            raise RuntimeError(f"query worker failed to start: {ready.body.decode(errors='replace').strip()}")
        self.isolation = ready.headers.get("isolation") if ready.headers else None
        return w

    async def _stderr(self, w: _Worker) -> None:
        """Forward a worker's stderr to the log, one line per line (the log rate-limits), keep the
        last lines (they say why a worker died), and notice a worker that dies while idle."""
        while True:
            try:
                line = await w.proc.stderr.readline()
            except (ValueError, asyncio.LimitOverrunError):  # an over-long line: skip it
                continue
            except asyncio.CancelledError:
                return
            if not line:
                break
            text = line.decode("utf-8", "replace").rstrip()
            if text:
                w.last_err.append(text)
                if "memory allocation" in text or "MemoryError" in text or "overflowed its stack" in text:
                    w.last_err.appendleft(text)  # the cause, kept ahead of any backtrace
                self.log(f"query worker {w.pid}: {text[:300]}")
        if w.dead or self._closing or w not in self._workers:
            return
        rc = await w.proc.wait()
        if w.dead or w not in self._workers:
            return
        if not w.pending:  # else the read loop answers its head and retires it
            self.log(f"error: query worker {w.pid} exited ({_exit_text(rc)}) while idle; replacing it")
            self._retire(w, None, None)

    def _add(self, w: _Worker) -> None:
        self._workers.append(w)
        w.reader = asyncio.get_running_loop().create_task(self._read_loop(w))
        self._dispatch()

    def _dispatch(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        while self._queue:
            # a free worker, else one whose head started recently (not one that looks stuck)
            live = [w for w in self._workers if not w.dead and (not w.pending or (
                len(w.pending) < self.DEPTH and now - w.head_since < self.QUEUE_BEHIND))]
            if not live:
                break
            w = min(live, key=lambda x: (len(x.pending), now - x.head_since))
            job = self._queue.popleft()
            if job.fut.done():
                continue
            if job.deadline <= now:
                _resolve(job.fut, text_reply(503, "server busy: no query worker became free before the deadline"))
                continue
            try:
                w.send(job)
            except (ConnectionError, RuntimeError):  # a worker that just died: its reader replaces it
                self._queue.appendleft(job)
                w.dead = True
        # a free worker takes over a job waiting behind a head that runs long
        recheck = None
        for free in [w for w in self._workers if not w.dead and not w.pending]:
            for busy in self._workers:
                if busy is free or busy.dead or len(busy.pending) < 2:
                    continue
                cand = next((j for j in list(busy.pending)[1:] if not j.stolen and not j.fut.done()), None)
                if cand is None:
                    continue
                if now - busy.head_since < self.STEAL_AFTER:
                    at = busy.head_since + self.STEAL_AFTER
                    recheck = at if recheck is None else min(recheck, at)
                    continue
                cand.stolen = True  # its answer from `busy`, if any, is ignored
                free.send(_Job(cand.msg, cand.deadline, cand.fut))
                self.steals += 1
                break
        if recheck is not None and self._recheck is None:
            def again():
                self._recheck = None
                self._dispatch()
            self._recheck = loop.call_at(recheck + 0.0005, again)

    async def _read_loop(self, w: _Worker) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not w.pending:
                w.wake.clear()
                await w.wake.wait()
                if w.dead:
                    return
                continue
            head = w.pending[0]
            reading = loop.create_task(w.read_reply())
            try:
                while True:
                    now = loop.time()
                    until = head.deadline
                    if not head.long and self.size > 1:
                        until = min(until, w.head_since + self.LONG_AFTER)
                    if head.cancelled:
                        until = min(until, w.head_since + self.CANCEL_AFTER)
                    done, _ = await asyncio.wait({reading}, timeout=max(0.001, until - now))
                    if done:
                        break
                    now = loop.time()
                    if now >= head.deadline:
                        reading.cancel()
                        self._retire(w, head, text_reply(503, f"query exceeded the {self.timeout_s:g} s deadline "
                                                              "(--timeout) and was stopped"))
                        return
                    if head.cancelled and now >= w.head_since + self.CANCEL_AFTER:
                        reading.cancel()
                        self.log(f"query stopped: its client disconnected (worker {w.pid} replaced)")
                        self._retire(w, head, text_reply(503, "client disconnected"))
                        return
                    if not head.long and now >= w.head_since + self.LONG_AFTER:
                        longs = sum(1 for o in self._workers if o is not w and not o.dead and o.pending
                                    and o.pending[0].long)
                        if longs >= self.size - 1:
                            reading.cancel()
                            self._retire(w, head, text_reply(
                                503, f"server busy: {longs} other long-running queries hold the other workers, and "
                                     f"one worker is kept for short queries; this query ran past {self.LONG_AFTER:g} s "
                                     "and was stopped. Retry later, or narrow it"))
                            return
                        head.long = True
                reply = reading.result()
            except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
                if w.dead or w not in self._workers:
                    return  # killed on purpose (deadline, cancelled client): answered there
                self._retire(w, head, await self._death_reply(w))
                return
            except asyncio.CancelledError:
                reading.cancel()
                return
            w.pending.popleft()
            w.head_since = loop.time()
            _resolve(head.fut, reply)
            self._dispatch()

    timeout_s = 30.0

    async def _death_reply(self, w: _Worker) -> Reply:
        """The answer for the query a worker died on, from how it died (its exit and last words)."""
        w.dead = True
        try:
            rc = await asyncio.wait_for(w.proc.wait(), 5)
            if w.errors is not None:
                await asyncio.wait({w.errors}, timeout=2)
        except asyncio.TimeoutError:
            rc = None
        said = " ".join(w.last_err)
        self.log(f"error: query worker {w.pid} died ({_exit_text(rc)}) while running a query; replacing it")
        if "memory allocation" in said or "MemoryError" in said or "out of memory" in said:
            return text_reply(503, f"the query needed more memory than a worker may use ({self.memory_mb} MB, "
                                   "--worker-memory-mb) and was stopped")
        if "overflowed its stack" in said or "stack overflow" in said:
            return text_reply(400, "the query is too deeply nested to evaluate")
        return text_reply(500, f"query worker died ({_exit_text(rc)}); the query was not answered")

    def _retire(self, w: _Worker, head: _Job | None, reply: Reply | None) -> None:
        """Kill `w`; answer its head; queue the jobs behind it again; start a replacement."""
        w.kill()
        if w not in self._workers:
            return  # retired already
        self._workers.remove(w)
        self.replaced += 1
        if head is not None and w.pending and w.pending[0] is head:
            w.pending.popleft()
        if head is not None and not head.stolen:
            _resolve(head.fut, reply)
        for job in reversed(w.pending):
            if not job.stolen and not job.fut.done():
                self._queue.appendleft(job)
        w.pending.clear()
        self._dispatch()
        if self._closing or (self._draining and not self._queue):
            return  # a retired version's pool replaces no worker it will not need

        async def respawn():
            try:
                await w.proc.wait()
                if self._closing:
                    return
                nw = await self._spawn()
                if self._closing:
                    nw.kill()
                    return
                self._add(nw)
            except Exception as exc:  # e.g. the store directory is gone: serve with fewer workers
                self.log(f"error: could not replace a query worker: {exc}")
                if not self._workers and not self._spawning - {asyncio.current_task()}:
                    while self._queue:
                        _resolve(self._queue.popleft().fut, text_reply(503, "no query worker is available"))

        t = asyncio.get_running_loop().create_task(respawn())
        self._spawning.add(t)
        t.add_done_callback(self._spawning.discard)

    async def run(self, job: dict, deadline: float, timeout_s: float, on_gone: list | None = None) -> Reply:
        """Run `job` on a worker; `deadline` is a loop.time() by which the answer must exist.
        `on_gone`, when given, is a list of callbacks the HTTP layer calls if the client goes."""
        loop = asyncio.get_running_loop()
        self.timeout_s = timeout_s
        if not self._workers and not self._spawning:
            return text_reply(503, "no query worker is available (see the server log)")
        j = _Job(_frame(job), deadline, loop.create_future())
        if on_gone is not None:
            on_gone.append(lambda: self.cancel(j.fut))
        self._queue.append(j)
        self._dispatch()
        # The reader enforces the deadline once the job is sent; this timer bounds the wait for a
        # worker (a plain timer: wait_for would cost a task per request on the hot path).
        timer = loop.call_at(max(loop.time(), deadline) + 1.0, self._expire, j, timeout_s)
        try:
            return await j.fut
        finally:
            timer.cancel()

    def cancel(self, fut) -> None:
        """The client of the job answered by `fut` has gone: drop it if queued, stop it if it runs
        (after CANCEL_AFTER: a short query is let finish)."""
        for j in self._queue:
            if j.fut is fut:
                self._queue.remove(j)
                _resolve(fut, text_reply(503, "client disconnected"))
                return
        for w in self._workers:
            for i, j in enumerate(w.pending):
                if j.fut is fut:
                    j.cancelled = True
                    if i == 0:
                        w.wake.set()
                        # the read loop computes its wait from `cancelled` on its next turn
                        if w.reader is not None and not w.dead:
                            loop = asyncio.get_running_loop()
                            loop.call_at(max(loop.time(), w.head_since + self.CANCEL_AFTER) + 0.001,
                                         self._stop_cancelled, w, j)
                    return

    def _stop_cancelled(self, w: _Worker, j: _Job) -> None:
        if not w.dead and w.pending and w.pending[0] is j and w in self._workers:
            self.log(f"query stopped: its client disconnected (worker {w.pid} replaced)")
            self._retire(w, j, text_reply(503, "client disconnected"))

    def _expire(self, j: _Job, timeout_s: float) -> None:
        try:
            self._queue.remove(j)
        except ValueError:
            pass
        _resolve(j.fut, text_reply(503, f"server busy: no query worker became free within the {timeout_s:g} s deadline"))

    def busy(self) -> bool:
        """Whether any job is queued or running."""
        return bool(self._queue) or any(w.pending for w in self._workers)

    async def drain_and_close(self, limit_s: float) -> None:
        """Let the queued and running jobs finish (each is bounded by its deadline), then close."""
        loop = asyncio.get_running_loop()
        end = loop.time() + limit_s
        self._draining = True
        while self.busy() and loop.time() < end:
            await asyncio.sleep(0.05)
        await self.close()

    async def close(self) -> None:
        self._closing = True
        if self._recheck is not None:
            self._recheck.cancel()
        spawning = list(self._spawning)
        for t in spawning:
            t.cancel()
        if spawning:  # each kills the worker it was starting (_spawn) before close() goes on
            await asyncio.gather(*spawning, return_exceptions=True)
        for w in list(self._workers):
            w.dead = True
            w.wake.set()
            if w.reader:
                w.reader.cancel()
            if w.errors:
                w.errors.cancel()
            try:
                w.proc.stdin.close()
            except Exception:
                pass
        deadline = time.monotonic() + 2
        for w in list(self._workers):
            try:
                await asyncio.wait_for(w.proc.wait(), max(0.01, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                w.kill()
                await w.proc.wait()
        self._workers.clear()


# ============================================================================================
# Worker side

class RowLimit(Exception):
    pass


class AnswerTooLarge(Exception):
    """An answer over the byte cap (--max-response-mb): 413, whatever the format."""


class _CountingTSV:
    """A writer for the engine's TSV output that stops it once more than `limit` rows came."""

    def __init__(self, limit: int | None, max_bytes: int | None = None):
        self.parts: list[bytes] = []
        self.lines = 0
        self.size = 0
        self.max_bytes = max_bytes
        self.limit = None if limit is None else limit + 1  # + the header line

    def write(self, b) -> int:
        b = bytes(b)
        self.size += len(b)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise AnswerTooLarge()
        if self.limit is not None:
            self.lines += b.count(b"\n")
            if self.lines > self.limit:
                raise RowLimit()
        self.parts.append(b)
        return len(b)

    def flush(self) -> None:
        pass


# Row cap without counting rows one by one: every solution the engine writes contains at least
# one of these byte strings more (JSON "},{" between two solutions, as the engine writes JSON
# without spaces; XML one <result> element per solution, literals escaped; CSV and TSV a line
# end), and a literal may contain more of them but never hides one.  So the count of the marker
# (plus one for JSON) is an upper bound on the rows: at most the cap, the answer is complete and
# under the cap; above it, the answer is evaluated again and its rows counted exactly.
_ROW_MARK = {"json": (b"},{", 1), "xml": (b"<result>", 0), "csv": (b"\n", 0), "tsv": (b"\n", 0)}


class _TooBig(Exception):
    pass


class _RowBoundWriter:
    """Collects the engine's output; raises _TooBig once the upper bound on its rows passes `cap`."""

    def __init__(self, fmt: str, cap: int | None, max_bytes: int | None = None):
        self.parts: list[bytes] = []
        self.size = 0
        self.mark, self.rows = _ROW_MARK[fmt]
        self.tail = b""
        self.cap = cap
        self.max_bytes = max_bytes

    def write(self, b) -> int:
        b = bytes(b)
        self.size += len(b)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise AnswerTooLarge()
        if self.cap is not None:
            # a marker split between two writes is counted once: the tail is shorter than it
            self.rows += (self.tail + b).count(self.mark)
            self.tail = b[-(len(self.mark) - 1):] if len(self.mark) > 1 else b""
            if self.rows > self.cap:
                raise _TooBig()
        self.parts.append(b)
        return len(b)

    def flush(self) -> None:
        pass


class _BoundedWriter:
    """Collects an answer's bytes, refusing past `max_bytes` (--max-response-mb) with AnswerTooLarge."""

    def __init__(self, max_bytes: int | None = None):
        self.parts: list[bytes] = []
        self.size = 0
        self.max_bytes = max_bytes

    def write(self, b) -> int:
        b = bytes(b)
        self.size += len(b)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise AnswerTooLarge()
        self.parts.append(b)
        return len(b)

    def flush(self) -> None:
        pass


def _isolate_network() -> str:
    """Enter a new, empty network namespace: no interface is up, so no connection can be made."""
    if not sys.platform.startswith("linux"):
        return "none (not Linux)"
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    CLONE_NEWNET, CLONE_NEWUSER = 0x40000000, 0x10000000
    if libc.unshare(CLONE_NEWNET) == 0:
        return "network namespace"
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        try:  # keep our identity inside the user namespace, for file access to the store
            with open("/proc/self/setgroups", "w") as f:
                f.write("deny")
            with open("/proc/self/uid_map", "w") as f:
                f.write(f"{uid} {uid} 1")
            with open("/proc/self/gid_map", "w") as f:
                f.write(f"{gid} {gid} 1")
        except OSError:
            pass
        return "user+network namespace"
    return "none (unshare not permitted; protocol checks only)"


class Engine:
    """One worker's view of one store version.

    `store` is the version as built (named graphs only), read-only on disk: entity pages and the
    views read it.  `qstore` answers SPARQL and canned queries: the same named graphs plus their
    merge, each triple once, as the default graph (store/dataset.py), either loaded into memory
    here (`memory`) or a merged on-disk copy the server wrote (`merged_dir`).
    """

    def __init__(self, store_dir: str, memory: bool = False, merged_dir: str | None = None):
        import pyoxigraph as ox

        from ..graph.vocab import PREFIXES
        from ..store.dataset import has_default_graph, merged

        self.ox = ox
        self.store = ox.Store.read_only(store_dir)
        if memory:
            self.qstore = merged(self.store)
        elif merged_dir is not None:
            self.qstore = ox.Store.read_only(merged_dir)
        else:
            self.qstore = self.store
        # no merged default graph (only when called without either): the bag union, as before
        self.union_kw = {} if has_default_graph(self.qstore) else {"use_default_graph_as_union": True}
        self.prefixes = dict(PREFIXES)
        self.max_bytes: int | None = None  # the answer byte cap of the job being run

    # ---- serialisation

    def results(self, res, fmt: str, max_rows: int | None, title: str = "Results", rerun=None) -> Reply:
        from .protocol import FORMATS

        ox = self.ox
        f = FORMATS[fmt]
        if isinstance(res, ox.QueryBoolean):
            if fmt == "html":
                from .pages import boolean_page

                return Reply(200, f.content_type, boolean_page(bool(res)))
            if f.kind != "results":
                return text_reply(406, "an ASK result cannot be given as " + f.media_type)
            buf = io.BytesIO()
            res.serialize(buf, getattr(ox.QueryResultsFormat, f.oxigraph))
            return Reply(200, f.content_type, buf.getvalue())
        if isinstance(res, ox.QuerySolutions):
            if f.kind not in ("results", "html"):
                return text_reply(406, "SELECT results cannot be given as " + f.media_type)
            if fmt in _ROW_MARK and rerun is not None:
                # Fast path: straight to the format, with an upper bound on the rows (_ROW_MARK); an
                # answer that may have more than max_rows rows is evaluated again below and its
                # rows counted exactly.
                w = _RowBoundWriter(fmt, max_rows, self.max_bytes)
                try:
                    res.serialize(w, getattr(ox.QueryResultsFormat, f.oxigraph))
                    return Reply(200, f.content_type, b"".join(w.parts))
                except _TooBig:
                    res = rerun()
            w = _CountingTSV(max_rows, self.max_bytes)
            try:
                res.serialize(w, ox.QueryResultsFormat.TSV)
            except RowLimit:
                return text_reply(413, f"more than {max_rows} result rows (--max-rows); add a LIMIT or narrow the query")
            tsv = b"".join(w.parts)
            if fmt == "tsv":
                return Reply(200, f.content_type, tsv)
            sols = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
            if fmt == "html":
                from .pages import results_page

                return Reply(200, f.content_type, results_page(sols, title))
            buf = io.BytesIO()
            sols.serialize(buf, getattr(ox.QueryResultsFormat, f.oxigraph))
            return Reply(200, f.content_type, buf.getvalue())
        # CONSTRUCT / DESCRIBE
        if f.kind not in ("graph", "dataset"):
            return text_reply(406, "a graph cannot be given as " + f.media_type)
        triples = list(islice(res, None if max_rows is None else max_rows + 1))
        if max_rows is not None and len(triples) > max_rows:
            return text_reply(413, f"more than {max_rows} triples (--max-rows); add a LIMIT or narrow the query")
        return Reply(200, f.content_type, self.rdf(triples, fmt))

    def rdf(self, items, fmt: str) -> bytes:
        """Serialise triples (or quads, for dataset formats) in format `fmt`."""
        from .protocol import FORMATS

        ox = self.ox
        f = FORMATS[fmt]
        rf = getattr(ox.RdfFormat, f.oxigraph)
        if f.kind == "dataset":
            items = [x if isinstance(x, ox.Quad) else ox.Quad(x.subject, x.predicate, x.object) for x in items]
        else:
            seen, out = set(), []
            for x in items:
                t = x.triple if isinstance(x, ox.Quad) else x
                if t not in seen:
                    seen.add(t)
                    out.append(t)
            items = out
        kw = {"prefixes": self.prefixes} if fmt in ("ttl", "trig", "rdfxml") else {}
        w = _BoundedWriter(self.max_bytes)
        ox.serialize(items, w, format=rf, **kw)
        return b"".join(w.parts)

    # ---- jobs

    def handle(self, job: dict) -> Reply:
        self.max_bytes = job.get("max_bytes")
        op = job["op"]
        if op == "ping":
            return Reply(200, "text/plain", b"ready")
        if op == "sparql":
            kw = {}
            if job.get("union"):  # no dataset in the request: the merged default graph
                kw.update(self.union_kw)
            if job.get("default_graph") is not None:
                kw["default_graph"] = [self.ox.NamedNode(g) for g in job["default_graph"]]
            if job.get("named_graphs") is not None:
                kw["named_graphs"] = [self.ox.NamedNode(g) for g in job["named_graphs"]]
            if job.get("base_iri"):  # relative IRIs resolve against the endpoint (SPARQL Protocol 2.1.4)
                kw["base_iri"] = job["base_iri"]
            from ..store.queries import PREDECLARED, explain_syntax_error

            kw["prefixes"] = PREDECLARED
            try:
                res = self.qstore.query(job["query"], **kw)
            except SyntaxError as exc:
                return text_reply(400, explain_syntax_error(job["query"], str(exc)))
            return self.results(res, job["format"], job.get("max_rows"),
                                rerun=lambda: self.qstore.query(job["query"], **kw))
        if op == "canned":
            from ..store.queries import QueryError, run

            try:
                res = run(self.qstore, job["query"], job["params"], job["declared"], job.get("title"))
            except QueryError as exc:
                return text_reply(400, str(exc))
            return self.results(res, job["format"], job.get("max_rows"), job.get("title", "Results"),
                                rerun=lambda: run(self.qstore, job["query"], job["params"], job["declared"]))
        if op == "entity":
            return self.entity(job)
        if op == "view":
            from .views import view

            return view(self.store, job)
        return text_reply(500, f"unknown job {op!r}")

    def entity(self, job: dict) -> Reply:
        from .protocol import FORMATS

        ox = self.ox
        node = ox.NamedNode(job["iri"])
        cap = job.get("max_rows")
        lim = None if cap is None else cap + 1
        out = list(islice(self.store.quads_for_pattern(node, None, None, None), lim))
        inc = list(islice(self.store.quads_for_pattern(None, None, node, None), lim))
        if not out and not inc:
            return text_reply(404, f"no entity <{job['iri']}> in this store")
        fmt = job["format"]
        f = FORMATS[fmt]
        if fmt == "html":
            from .pages import entity_page

            return Reply(200, f.content_type, entity_page(self.store, node, out, inc, cap))
        if cap is not None and len(out) + len(inc) > cap:
            return text_reply(413, f"more than {cap} statements about <{job['iri']}> (--max-rows)")
        if fmt == "jsonld":  # compacted, with an @context of readable keys (web/jsonld.py)
            from .jsonld import entity_jsonld

            w = _BoundedWriter(self.max_bytes)
            w.write(entity_jsonld(q.triple for q in out + inc))
            return Reply(200, f.content_type, b"".join(w.parts))
        return Reply(200, f.content_type, self.rdf(out + inc, fmt))


def _limit_memory(mb: int) -> None:
    """Cap this process's data memory (heap and anonymous mappings; RLIMIT_DATA, Linux >= 4.7;
    else the address space): an allocation past it fails, so the engine aborts (Rust) or raises
    MemoryError (Python), and the server answers 503 and replaces the worker (item 4)."""
    import resource

    limit = mb << 20
    which = resource.RLIMIT_DATA if sys.platform.startswith("linux") else resource.RLIMIT_AS
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(which, (limit, hard))


# The engine's parser and evaluator recurse; queries run on a thread with this stack (the main
# thread's is often 8 MB) so the nesting the protocol lets through (protocol.MAX_NESTING,
# MAX_CHAIN) has room to spare.
STACK_BYTES = 64 << 20


def worker_main(argv: list[str]) -> int:
    import threading

    result = []
    threading.stack_size(STACK_BYTES)
    t = threading.Thread(target=lambda: result.append(_worker_main(argv)), name="cyberkg-worker")
    t.start()
    t.join()
    return result[0] if result else 2


def _worker_main(argv: list[str]) -> int:
    store_dir = argv[0]
    network = "--network" in argv[1:]
    memory_mb = int(argv[argv.index("--memory-mb") + 1]) if "--memory-mb" in argv else None
    in_memory = "--in-memory" in argv[1:]
    merged_dir = argv[argv.index("--merged") + 1] if "--merged" in argv else None
    if sys.platform.startswith("linux"):  # die with the server, even mid-query
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            return 0
    # Frames go to the real stdout; anything printed by libraries goes to stderr.
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    if sys.platform.startswith("linux"):  # answers of a few hundred kB cross the pipe in fewer reads
        import fcntl

        try:
            fcntl.fcntl(out.fileno(), 1031, 1 << 20)  # F_SETPIPE_SZ, at most /proc/sys/fs/pipe-max-size
        except OSError:
            pass
    sys.stdout = sys.stderr
    inp = sys.stdin.buffer
    isolation = "none (federation allowed)" if network else _isolate_network()

    def send(r: Reply) -> None:  # a plain tuple: this module runs as __main__ here
        data = pickle.dumps((r.status, r.content_type, r.body, r.headers), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_HDR.pack(len(data)) + data)

    def read_job():
        h = inp.read(_HDR.size)
        if len(h) < _HDR.size:
            return None
        (n,) = _HDR.unpack(h)
        return pickle.loads(inp.read(n))

    job = read_job()
    if job is None:
        return 0
    if memory_mb:
        _limit_memory(memory_mb)
    try:
        engine = Engine(store_dir, memory=in_memory, merged_dir=merged_dir)
    except Exception as exc:
        send(text_reply(500, f"cannot open store {store_dir}: {exc}"))
        return 2
    send(Reply(200, "text/plain", b"ready", {"isolation": isolation}))
    while True:
        job = read_job()
        if job is None:
            return 0
        cap = job.get("max_bytes")
        fatal = False
        try:
            r = engine.handle(job)
            if cap is not None and len(r.body) > cap:
                raise AnswerTooLarge()
        except AnswerTooLarge:
            r = text_reply(413, f"the answer is larger than {cap / (1 << 20):g} MB (--max-response-mb); "
                                "add a LIMIT or select fewer or shorter values")
        except MemoryError:
            r = text_reply(503, f"the query needed more memory than a worker may use ({memory_mb} MB, "
                                "--worker-memory-mb) and was stopped")
            fatal = True  # the heap may be fragmented or half-full: start afresh
        except RecursionError:
            r = text_reply(400, "the query is too deeply nested to evaluate")
        except (SyntaxError, ValueError) as exc:  # bad input that got this far (e.g. an invalid IRI)
            r = text_reply(400, f"query evaluation failed: {exc}")
        except Exception as exc:  # evaluation errors (e.g. a failing SERVICE): the query fails, not the worker
            r = text_reply(500, f"query evaluation failed: {type(exc).__name__}: {exc}")
        send(r)
        if fatal:
            print(f"query worker {os.getpid()}: MemoryError: exiting to be replaced", file=sys.stderr, flush=True)
            return 3


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1:]))
