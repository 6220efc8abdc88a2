"""Listening during calls: how well it hears, how fast, and what it costs.

    python benchmarks/bench_speech.py [--quick] [--corpus DIR]

Needs the speech extra (pip install '.[speech]') and espeak-ng, sox and
pocketsphinx-testdata (apt-get install espeak-ng sox pocketsphinx-testdata).

1. Corpus, built here (cached in --corpus): 30 call sentences spoken by espeak-ng voices
   (en-us, en-gb, en-us+f3; --quick: en-us only), each clean and with pink noise at 15 dB SNR
   (sox; the ratio is taken over the whole file, pauses included, so the speech itself is
   a little under 15 dB above the noise), labelled with the yes moments and objections of the
   built-in discovery playbook
   they should suggest (or none: small talk, a question, negations); plus the real speech
   recordings of Debian's pocketsphinx-testdata (WER only).
2. Accuracy: each file goes through the same path as a call (WAV source -> voice activity ->
   Whisper tiny.en -> matcher), as fast as it can. Prints word error rate per condition, and
   recall and precision of the suggestions per yes moment / objection and overall (also for
   the reference text, i.e. what the matcher does with perfect recognition).
3. Live: a stream of utterances at real-time pace, in the live window (offscreen) with
   listening on, through the same child process the app starts: latency from the end of
   each utterance to its chip, the listening process's CPU share of this machine (CPU
   seconds / wall seconds / cores) and its memory, the app process's; and key press 1-9 ->
   repaint (tick) p99 while listening, against the same ticks with listening off. The
   stream plays twice: once while ticking, once with the window idle.

Synthetic voices are cleaner than a real call: real calls will score lower.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

import speech_corpus  # noqa: E402

from companion.core.heard_match import match_utterance, words_of  # noqa: E402
from companion.store.playbook_files import read_playbook_file  # noqa: E402

ROOT = BENCH_DIR.parent
PLAYBOOK = read_playbook_file(ROOT / "resources" / "playbooks" / "discovery.toml")
NUMBERS = {str(n): w for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def normalised(text: str) -> list[str]:
    return [NUMBERS.get(w, w) for w in words_of(text.replace("-", " "))]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1]


def rss_mb() -> tuple[float, float]:
    status = Path("/proc/self/status").read_text()
    value = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines()
             if line.startswith(("VmRSS", "VmHWM"))}
    return value["VmRSS"] / 1024, value["VmHWM"] / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- 2. accuracy ----------------------------------------------------------------------------

def recognise_files(samples, engines) -> list[tuple[object, str]]:
    from companion.listen.wav_source import WavFileSource
    from companion.listen.worker import ListenCallbacks, ListenWorker

    recognizer, vad_class = engines
    results = []
    for sample in samples:
        texts: list[str] = []
        done = threading.Event()
        worker = ListenWorker(WavFileSource(sample.wav, trailing_silence_s=1.0), PLAYBOOK,
                              ListenCallbacks(heard=lambda h, texts=texts: texts.append(h.text),
                                              stopped=lambda r, done=done: done.set()),
                              lambda: (vad_class(), recognizer))
        worker.start()
        done.wait(300)
        results.append((sample, " ".join(texts)))
    return results


def report_accuracy(results) -> dict:
    print("\nWord error rate (words wrong / words said)")
    by_condition: dict[str, list[int]] = {}
    for sample, text in results:
        ref, hyp = normalised(sample.reference), normalised(text)
        errors, words = by_condition.setdefault(sample.condition, [0, 0])
        by_condition[sample.condition] = [errors + edit_distance(ref, hyp), words + len(ref)]
    wer = {}
    for condition, (errors, words) in by_condition.items():
        wer[condition] = errors / words
        count = sum(1 for s, _ in results if s.condition == condition)
        print(f"  {condition:<14} {100 * errors / words:5.1f} %   ({count} files, {words} words)")

    labelled = [(s, t) for s, t in results if s.expected is not None]
    scores = {}
    for source in ("recognised", "reference text"):
        tp, fp, fn = Counter(), Counter(), Counter()
        for sample, text in labelled:
            said = text if source == "recognised" else sample.reference
            found = {s.key for s in match_utterance(PLAYBOOK, said)}
            for key in found & sample.expected:
                tp[key] += 1
            for key in found - sample.expected:
                fp[key] += 1
            for key in sample.expected - found:
                fn[key] += 1
        scores[source] = (tp, fp, fn)
    tp, fp, fn = scores["recognised"]
    print("\nSuggestions from recognised speech, per yes moment / objection (all conditions)")
    print(f"  {'':<28} {'recall':>8} {'precision':>10}   (hits, false, missed)")
    for kind, target in sorted(set(tp) | set(fp) | set(fn)):
        t, f, n = tp[(kind, target)], fp[(kind, target)], fn[(kind, target)]
        recall = t / (t + n) if t + n else float("nan")
        precision = t / (t + f) if t + f else float("nan")
        print(f"  {kind[0].upper()} {target:<26} {100 * recall:7.0f}% {100 * precision:9.0f}%   ({t}, {f}, {n})")
    overall = {}
    for source, (tp, fp, fn) in scores.items():
        t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        overall[source] = (t / (t + n), t / (t + f) if t + f else 1.0)
    for condition in sorted({s.condition for s, _ in labelled}):
        t = f = n = 0
        for sample, text in labelled:
            if sample.condition != condition:
                continue
            found = {s.key for s in match_utterance(PLAYBOOK, text)}
            t += len(found & sample.expected)
            f += len(found - sample.expected)
            n += len(sample.expected - found)
        overall[condition] = (t / (t + n), t / (t + f) if t + f else 1.0)
    print("\nOverall suggestion recall / precision")
    for name, (recall, precision) in overall.items():
        print(f"  {name:<16} recall {100 * recall:5.1f} %   precision {100 * precision:5.1f} %")
    return {"wer": wer, "overall": overall}


# -- 3. live ---------------------------------------------------------------------------------

class ChildMeter:
    """CPU seconds and memory of the listening process, read from /proc while it runs."""

    def __init__(self, pid: int):
        self.pid, self.cpu, self.rss, self.peak = pid, 0.0, 0.0, 0.0
        self.first_cpu: float | None = None

    def sample(self) -> None:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return          # ended
        ticks = os.sysconf("SC_CLK_TCK")
        self.cpu = (int(fields[11]) + int(fields[12])) / ticks
        if self.first_cpu is None:
            self.first_cpu = self.cpu
        memory = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in status.splitlines()
                  if line.startswith(("VmRSS", "VmHWM"))}
        if memory.get("VmRSS"):           # absent once the process has ended
            self.rss, self.peak = memory["VmRSS"], memory.get("VmHWM", self.peak)


def live(stream_wav: Path, ticks_per_s: float, cores: int) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from companion.core.call import Call
    from companion.core.settings import Settings
    from companion.listen.process import ListenProcess
    from companion.listen.wav_source import WavFileSource
    from companion.paths import AppPaths
    from companion.store.db import open_database
    from companion.ui.app import build_main_window, create_application, load_all_playbooks
    from companion.ui.live.listen_controller import ListenController
    from companion.ui.services import build_services

    app = create_application([])
    folder = Path(tempfile.mkdtemp(prefix="bench-speech-"))
    paths = AppPaths(data_dir=folder, config_dir=folder, log_dir=folder / "logs")
    paths.ensure()
    db = open_database(paths.db_path)
    keys = [getattr(Qt.Key, f"Key_{n}") for n in range(1, 10)]
    stream_s = float(os.popen(f"soxi -D {stream_wav}").read())

    def open_window(listen: bool, heard: list):
        """The live window with listening on, the call audio coming from the stream WAV at
        real-time pace through the same child process the app starts."""
        settings = Settings(listen_enabled=listen)
        window = build_main_window(build_services(paths, db, settings, load_all_playbooks(paths)))
        controller = window.findChild(ListenController)
        listeners = []

        def start(settings, playbook, callbacks):
            original = callbacks.heard
            callbacks.heard = lambda h: (heard.append(h), original(h))
            listener = ListenProcess(WavFileSource(stream_wav, realtime=True, trailing_silence_s=2.0),
                                     playbook, callbacks)
            listener.start()
            listeners.append(listener)
            return listener

        controller.start_worker = start
        window.show()
        window.activateWindow()
        window.begin(Call("Bench Listen", "Speech Ltd", "discovery"))
        return window, listeners

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    def tick_for(window, seconds: float, meter=None, alive=None) -> list[float]:
        times, index = [], 0
        end = time.monotonic() + seconds
        while time.monotonic() < end and (alive is None or alive()):
            began = time.perf_counter()
            QTest.keyClick(window.focusWidget() or window, keys[index % 9])
            app.processEvents()
            window.repaint()
            app.processEvents()
            times.append((time.perf_counter() - began) * 1000)
            index += 1
            if meter is not None:
                meter.sample()
            pump(1 / ticks_per_s)
        return times

    def run_stream(tick: bool):
        heard: list = []
        window, listeners = open_window(True, heard)
        while not listeners[0].capturing.is_set():
            pump(0.05)
        meter = ChildMeter(listeners[0].process.pid)
        meter.sample()
        parent0, wall0 = cpu_seconds(), time.monotonic()
        alive = listeners[0].process.is_alive
        if tick:
            times = tick_for(window, stream_s + 30, meter, alive)
        else:
            times = []
            while alive():
                meter.sample()
                pump(0.2)
        wall = time.monotonic() - wall0
        parent = cpu_seconds() - parent0
        pump(0.5)
        window.close()
        return heard, times, meter, wall, parent

    window, _ = open_window(False, [])
    pump(0.5)
    baseline = tick_for(window, min(30.0, stream_s))
    window.close()
    heard_tick, listening, meter_tick, wall_tick, parent_tick = run_stream(tick=True)
    heard_idle, _, meter_idle, wall_idle, parent_idle = run_stream(tick=False)
    rss_app, _ = rss_mb()

    def p(values, share):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * share) - 1))]

    heard = heard_tick + heard_idle
    latencies = [h.latency_s for h in heard]
    recognise = [h.timings["recognise_s"] for h in heard]
    chips = sum(1 for h in heard if h.suggestions)
    print(f"\nLive stream: {stream_s:.0f} s of call audio at real-time pace, played twice; "
          f"{len(heard)} utterances heard, {chips} with a suggestion")
    print(f"  latency, end of speech -> chip:  median {statistics.median(latencies):.2f} s, "
          f"p90 {p(latencies, 0.9):.2f} s, worst {max(latencies):.2f} s")
    print(f"  of which recognition:            median {statistics.median(recognise):.2f} s "
          "(plus the 0.5 s of silence that ends an utterance)")
    idle_share = (meter_idle.cpu - meter_idle.first_cpu) / wall_idle / cores
    tick_share = (meter_tick.cpu - meter_tick.first_cpu) / wall_tick / cores
    print(f"  CPU share of this {cores}-core machine, listening process: {100 * idle_share:.1f} % "
          f"(window idle), {100 * tick_share:.1f} % (while ticking {ticks_per_s:.0f}/s)")
    print(f"  CPU share, app process (window): {100 * parent_idle / wall_idle / cores:.1f} % idle, "
          f"{100 * parent_tick / wall_tick / cores:.1f} % while ticking")
    print(f"  memory: listening process {meter_idle.rss:.0f} MB RSS ({max(meter_idle.peak, meter_tick.peak):.0f} MB "
          f"peak); app process {rss_app:.0f} MB")
    print(f"\nTick -> repaint while listening (ms): p50 {p(listening, 0.5):.2f}, p99 {p(listening, 0.99):.2f}, "
          f"worst {max(listening):.2f}  ({len(listening)} ticks)")
    print(f"Tick -> repaint, listening off (ms):  p50 {p(baseline, 0.5):.2f}, p99 {p(baseline, 0.99):.2f}, "
          f"worst {max(baseline):.2f}  ({len(baseline)} ticks)")
    print(f"  ratio p99 listening / off: {p(listening, 0.99) / p(baseline, 0.99):.2f}  (target: p99 < 16 ms)")
    return {"latency_median": statistics.median(latencies), "cpu": idle_share, "tick_p99": p(listening, 0.99)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one voice, a shorter live stream")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "call-companion-speech-corpus")
    parser.add_argument("--ticks-per-second", type=float, default=5.0)
    parser.add_argument("--live-only", action="store_true", help="skip the accuracy pass (step 2)")
    args = parser.parse_args()

    from companion.listen.engine import Recognizer, VoiceActivity
    from companion.listen.model_files import verified_model

    cores = os.cpu_count() or 1
    print(f"Speech benchmark: {cores} cores, load average {os.getloadavg()[0]:.1f} at start")
    started = time.monotonic()
    voices = speech_corpus.VOICES[:1] if args.quick else speech_corpus.VOICES
    samples = speech_corpus.synthetic(args.corpus, voices) + speech_corpus.real_speech(args.corpus)
    print(f"Corpus: {len(samples)} files in {args.corpus} ({time.monotonic() - started:.0f} s to build or find)")

    if not args.live_only:
        loaded = time.monotonic()
        engines = (Recognizer(verified_model()), VoiceActivity)
        print(f"Model checked (SHA-256) and loaded in {time.monotonic() - loaded:.1f} s")
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        results = recognise_files(samples, engines)
        audio_s = sum(float(os.popen(f"soxi -D {s.wav}").read()) for s in samples)
        print(f"Recognised {audio_s:.0f} s of audio in {time.monotonic() - wall0:.0f} s wall, "
              f"{cpu_seconds() - cpu0:.0f} s CPU: real-time factor (CPU) {(cpu_seconds() - cpu0) / audio_s:.2f}")
        report_accuracy(results)

    clean = [s for s in samples if s.condition == "clean" and s.expected is not None]
    stream = speech_corpus.call_stream(args.corpus, clean[:12] if args.quick else clean[:30])
    live(stream, args.ticks_per_second, cores)
    print(f"\nLoad average at the end {os.getloadavg()[0]:.1f}. Synthetic voices are cleaner than a real "
          "call: real calls will score lower.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
