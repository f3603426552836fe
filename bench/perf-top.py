#!/usr/bin/env python3
"""Aggregates a `perf script` dump of a benchmark drain (bench/run.sh --perf DIR) into the top hot spots.

Usage: perf script -i DIR/drain-jdbc-8-never.perf.data -F comm,tid,ip,sym,dso > dump.txt
       bench/perf-top.py dump.txt [N]

Prints the share of all samples per thread group (JIT compilers, worker threads, event loops, GC...), then, for
every thread but the JIT compilers, a breakdown by what the stack shows (socket write, socket read, thread hand-over,
interpreter, JVM runtime, compiled Java), the top N self frames (leaf symbol, any code: Java, JVM, kernel, libc), and the
top N "first own frame" entries: for each sample, the innermost Java frame of the project, the JDBC driver, Vert.x
or Netty on the stack, which tells which of our calls the time is spent under; and the innermost compiled Java frame
of any package (a thread parking in LinkedBlockingQueue.take shows there).
"""
import collections
import re
import sys

OWN = re.compile(r"(dev\.procrastinate|org\.postgresql|io\.vertx|io\.netty|com\.zaxxer|com\.fasterxml)")


def group(comm):
    if comm.startswith("C2 Compiler") or comm.startswith("C1 Compiler"):
        return "JIT compiler threads"
    if comm.startswith("GC Thread") or comm.startswith("G1") or comm == "VM Thread":
        return "GC and VM threads"
    if comm.startswith("vert.x-eventloo"):
        return "Vert.x event loops"
    if comm.startswith("procrastinate"):
        return "procrastinate threads (worker, jobs, listener)"
    if comm == "heap-sampler":
        return "bench heap sampler"
    if comm.startswith(":"):
        return "threads started after perf attached (jobs, pool)"
    return comm


CATEGORIES = [
    ("socket write: sending a statement (on loopback the kernel also wakes the server's backend)",
     lambda names: any("write0" in n or "NioSocketImpl.write" in n or "doWrite" in n for n in names)),
    ("socket read / poll: waiting for and reading the server's answer (includes the switch back in)",
     lambda names: any("read0" in n or "Net.poll" in n or "EPoll.wait" in n or "NioSocketImpl.read" in n
                       or "readMore" in n for n in names)),
    ("park / unpark: hand-overs between fetch loop, job threads, finisher, pool (futex, context switch)",
     lambda names: any("Unsafe.park" in n or "Unsafe.unpark" in n or "Thread.sleep" in n or "EventFD" in n
                       or "Object.wait" in n or "pthread_cond" in n or "futex" in n or "lll_lock" in n
                       or "Parker::" in n for n in names)),
    ("interpreted Java (not yet compiled)", lambda names: names[0] == "Interpreter"),
    ("JVM runtime (allocation, stubs, safepoints, class loading)",
     lambda names: names[0].startswith("[libjvm]") or "StubRoutines" in names[0] or "adapters" in names[0]
     or "defineClass" in " ".join(names)),
]


def category(names):
    for name, test in CATEGORIES:
        if test(names):
            return name
    if names[0].startswith("[kernel]"):
        return "other kernel work"
    return "compiled Java code (see the frames below)"


def samples(path):
    header, frames = None, []
    with open(path, errors="replace") as dump:
        for line in dump:
            line = line.rstrip("\n")
            if not line.strip():
                if header is not None:
                    yield header, frames
                header, frames = None, []
            elif not line.startswith((" ", "\t")):
                header = line.strip()
            else:
                parts = line.strip().split(None, 1)
                rest = parts[1] if len(parts) > 1 else "[unknown]"
                symbol = re.sub(r"\s+\(([^)]*)\)$", "", rest)
                dso = re.search(r"\(([^)]*)\)$", rest)
                frames.append((symbol, dso.group(1) if dso else ""))
    if header is not None:
        yield header, frames


def short(symbol, dso):
    symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
    if "kernel" in dso:
        return "[kernel] " + symbol
    if dso.endswith("libjvm.so"):
        return "[libjvm] " + symbol
    if "JIT" in dso or dso.startswith("/tmp/perf-"):
        return re.sub(r"^[\w.$\[\]]+ (?=[\w.$]+\()", "", symbol) or "[JIT] (no symbol)"
    return "[" + dso.rsplit("/", 1)[-1] + "] " + symbol


def main():
    path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15
    groups, leaves, owners = collections.Counter(), collections.Counter(), collections.Counter()
    java = collections.Counter()
    categories = collections.Counter()
    total = other = 0
    for header, frames in samples(path):
        total += 1
        comm = re.split(r"\s+\d+\s*$", header)[0].strip() if header else "?"
        name = group(comm)
        groups[name] += 1
        if name == "JIT compiler threads" or not frames:
            continue
        other += 1
        leaves[short(*frames[0])] += 1
        categories[category([short(*f) for f in frames])] += 1
        owner = next((short(*f) for f in frames if OWN.search(f[0])), "(no project/driver frame)")
        owners[owner] += 1
        java[next((short(*f) for f in frames if "perf-" in f[1] and f[0] not in ("Interpreter", "[unknown]")
                   and "(" in f[0]),
                  "(no compiled Java frame)")] += 1
    print(f"{total} samples")
    for name, n in groups.most_common():
        print(f"  {100 * n / total:5.1f}%  {name}")
    print(f"\nWhere the time goes, all threads but the JIT compilers ({other} samples = 100%; first match wins):")
    for name, n in categories.most_common():
        print(f"  {100 * n / other:5.1f}%  {name}")
    print(f"\nTop self frames, same samples:")
    for name, n in leaves.most_common(top):
        print(f"  {100 * n / other:5.1f}%  {name}")
    print("\nInnermost project / driver frame on the stack, same samples:")
    for name, n in owners.most_common(top):
        print(f"  {100 * n / other:5.1f}%  {name}")
    print("\nInnermost compiled Java frame (any package) on the stack, same samples:")
    for name, n in java.most_common(top):
        print(f"  {100 * n / other:5.1f}%  {name}")


if __name__ == "__main__":
    main()
