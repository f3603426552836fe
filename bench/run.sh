#!/usr/bin/env bash
# Runs the benchmark and prints one table. Embedded PostgreSQL by default; --database-url postgresql://… to use
# another server. Other flags: --jobs N (per drain, default 20000), --latency-jobs N (2000),
# --concurrency 1,8,32, --connectors jdbc,pgjdbc-ng,vertx,
# --sections defer,floor,drain,peer,delete,latency (a subset runs only those parts; also "dashboard", never by
# default: each dashboard page's server time on --dashboard-jobs N jobs, default 1000000),
# --warmup-jobs N (20000; jobs drained by the worker and by db-scheduler before measuring them, 0 for none).
# The benchmark runs in its own JVM (not Maven's), so heap and RSS are the benchmark's; JVM flags go in
# BENCH_JAVA_OPTS (for example BENCH_JAVA_OPTS=-Xmx128m). The floor needs pgbench on the PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mvn -q -B -pl procrastinate-bench -am -DskipTests package exec:exec -Dexec.executable="$java" \
    -Dexec.args="${BENCH_JAVA_OPTS:-} -cp %classpath dev.procrastinate.bench.Bench $*"
