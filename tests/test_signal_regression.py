"""PySide6 6.12.0 on CPython 3.11 loses a reference to True on each Python-side Signal.emit()
and aborts with "Fatal Python error: bool_dealloc" after a few hundred emits; we pin <6.12.
This runs 100,000 emits in a child process, so a crash shows as a failed test, not a dead run."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot, Qt

    app = QCoreApplication([])

    class Source(QObject):
        number = Signal(int)
        flag = Signal(bool)

    class Sink(QObject):
        def __init__(self):
            super().__init__()
            self.count = 0

        @Slot(int)
        def on_number(self, value):
            self.count += 1

        @Slot(bool)
        def on_flag(self, value):
            self.count += 1
            if self.count == total:
                app.quit()

    total = 100_000
    source, direct = Source(), Sink()
    source.number.connect(direct.on_number)
    source.flag.connect(direct.on_flag)
    for i in range(total // 4):
        source.number.emit(i)
        source.flag.emit(i % 2 == 0)

    # Queued across a thread: the same signals delivered by the receiver's event loop.
    source.number.disconnect(direct.on_number)
    source.flag.disconnect(direct.on_flag)
    thread = QThread()
    queued = Sink()
    queued.moveToThread(thread)
    queued.count = 0
    source.number.connect(queued.on_number, Qt.QueuedConnection)
    source.flag.connect(queued.on_flag, Qt.QueuedConnection)
    thread.start()
    for i in range(total // 4):
        source.number.emit(i)
        source.flag.emit(True)
    while queued.count < total // 2:
        app.processEvents()
        thread.wait(1)
    thread.quit()
    thread.wait()
    print("alive", direct.count + queued.count)
    """
)


def test_hundred_thousand_emits_do_not_kill_the_process():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["alive", "100000"]
