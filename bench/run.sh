#!/usr/bin/env bash
# Runs the benchmark and prints one table. Embedded PostgreSQL by default; --database-url postgresql://… to use
# another server (its CPU is measured too when it runs on this machine). `bench/run.sh --help` lists every flag;
# bench/README.md describes each section and the command that runs it. With no arguments: the default table
# (sections defer,floor,drain,peer,delete,pickup), under 5 minutes. On request only (--sections …): latency,
# bigtables, processes, deferbound, dashboard. The benchmark runs in its own JVM (not Maven's), so heap and RSS are
# the benchmark's; JVM flags go in BENCH_JAVA_OPTS (for example BENCH_JAVA_OPTS=-Xmx128m). The floors need pgbench.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mvn -q -B -pl procrastinate-bench -am -DskipTests package exec:exec -Dexec.executable="$java" \
    -Dexec.args="${BENCH_JAVA_OPTS:-} -cp %classpath dev.procrastinate.bench.Bench $*"
